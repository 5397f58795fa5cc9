package io.jhyve.devices.legacy;

import static org.junit.jupiter.api.Assertions.*;

import io.jhyve.devices.Bus;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugExitTest {
    private final RecordingMachine machine = new RecordingMachine();
    private final DebugExit exit = new DebugExit(DebugExit.DEBUG_EXIT_PORT, machine);
    private final Bus pio = new Bus("pio");

    {
        pio.attach(exit.range(), exit);
    }

    @Test
    void byteWriteEndsTheRunWithThatStatus() {
        pio.write(0xf4, 1, 0);
        assertEquals(List.of("power off 0: guest wrote 0 to debug-exit port 0xf4"), machine.requests);
    }

    @Test
    void wideWriteKeepsTheLowByteAsStatus() {
        pio.write(0xf4, 4, 0x1_0203);
        assertEquals(List.of("power off 3: guest wrote 66051 to debug-exit port 0xf4"), machine.requests);
    }

    @Test
    void wordWriteIsAccepted() {
        pio.write(0xf4, 2, 0x31);
        assertEquals(List.of("power off 49: guest wrote 49 to debug-exit port 0xf4"), machine.requests);
    }

    @Test
    void readsReturnZeroAndUpperPortsDoNothing() {
        assertEquals(0, pio.read(0xf4, 1));
        pio.write(0xf5, 1, 7);
        assertEquals(List.of(), machine.requests);
        assertEquals("debug-exit@0xf4", exit.name());
    }
}

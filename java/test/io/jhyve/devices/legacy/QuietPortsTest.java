package io.jhyve.devices.legacy;

import static org.junit.jupiter.api.Assertions.*;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.Bus;
import io.jhyve.devices.BusDevice;
import io.jhyve.devices.IrqLine;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuietPortsTest {
    @Test
    void readsAllOnesAndCountsEveryAccess() {
        QuietPorts lpt = new QuietPorts(QuietPorts.PC_PROBED_RANGES.stream()
                .filter(p -> p.name().equals("lpt1")).findFirst().orElseThrow());
        Bus pio = new Bus("pio");
        pio.attach(lpt.probed().range(), lpt);
        assertEquals(0xff, pio.read(0x378, 1));
        assertEquals(0xffff, pio.read(0x37a, 2));
        assertEquals(0xffffffffL, pio.read(0x37c, 4));
        pio.write(0x378, 1, 0x55);
        assertEquals(3, lpt.reads());
        assertEquals(1, lpt.writes());
        assertEquals("quiet:lpt1", lpt.name());
        assertTrue(pio.unhandledAccesses().isEmpty(), "known probes are not reported as unknown ports");
    }

    /** Every range fits beside the emulated devices and never shadows a port KVM handles in the kernel. */
    @Test
    void rangesCoexistWithTheMachineAndAvoidKvmInKernelPorts() {
        Bus pio = new Bus("pio");
        for (int[] kvm : new int[][] {{0x20, 2}, {0xa0, 2}, {0x40, 4}, {0x61, 1}, {0x4d0, 2}}) {
            pio.attach(new AddressRange(kvm[0], kvm[1]), placeholder("kvm-in-kernel"));
        }
        pio.attach(new AddressRange(Uart16550.COM1_PORT, UartRegisters.UART_REGISTER_COUNT),
                new Uart16550("com1", IrqLine.none(4), OutputStream.nullOutputStream()));
        I8042 kbc = new I8042(new RecordingMachine());
        pio.attach(new AddressRange(I8042.I8042_DATA_PORT, 1), kbc.dataPort());
        pio.attach(new AddressRange(I8042.I8042_COMMAND_PORT, 1), kbc.commandPort());
        pio.attach(new AddressRange(CmosRtc.RTC_INDEX_PORT, CmosRtc.RTC_PORT_COUNT),
                new CmosRtc(Clock.systemUTC(), 1 << 20, 0));
        DebugExit exit = new DebugExit(DebugExit.DEBUG_EXIT_PORT, new RecordingMachine());
        pio.attach(exit.range(), exit);
        for (QuietPorts.ProbedRange p : QuietPorts.PC_PROBED_RANGES) {
            assertDoesNotThrow(() -> pio.attach(p.range(), new QuietPorts(p)), p.name());
            assertFalse(p.reason().isBlank(), p.name());
        }
        assertEquals(QuietPorts.PC_PROBED_RANGES.size(),
                pio.devices().stream().filter(d -> d.name().startsWith("quiet:")).count());
    }

    private static BusDevice placeholder(String name) {
        return new BusDevice() {
            @Override public String name() { return name; }
            @Override public long read(long offset, int size) { return 0; }
            @Override public void write(long offset, int size, long value) { }
        };
    }

    @Test
    void namesAreUnique() {
        List<String> names = QuietPorts.PC_PROBED_RANGES.stream().map(QuietPorts.ProbedRange::name).toList();
        assertEquals(names.size(), names.stream().distinct().count());
    }
}

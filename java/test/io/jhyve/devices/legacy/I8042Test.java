package io.jhyve.devices.legacy;

import static io.jhyve.devices.legacy.I8042.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.Bus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class I8042Test {
    private final RecordingMachine machine = new RecordingMachine();
    private final I8042 kbc = new I8042(machine);
    private final Bus pio = new Bus("pio");

    @BeforeEach
    void attach() {
        pio.attach(new AddressRange(I8042_DATA_PORT, 1), kbc.dataPort());
        pio.attach(new AddressRange(I8042_COMMAND_PORT, 1), kbc.commandPort());
    }

    private int status() { return (int) pio.read(0x64, 1); }

    private int data() { return (int) pio.read(0x60, 1); }

    /**
     * i8042_command() as drivers/input/serio/i8042.c performs it: wait for IBF clear, write the
     * command, write its parameter bytes, then read the result bytes, each after OBF sets. Returns
     * the result, or -1 where Linux would fail (timeout, or an AUX loop answer lacking AUXDATA).
     */
    private int command(int command, int param, boolean hasParam, boolean hasResult) {
        assertEquals(0, status() & I8042_STR_IBF, "Linux would wait for IBF to clear");
        pio.write(0x64, 1, command);
        if (hasParam) pio.write(0x60, 1, param);
        if (!hasResult) return 0;
        int s = status();
        if ((s & I8042_STR_OBF) == 0) return -1;
        if (command == I8042_CMD_AUX_LOOP && (s & I8042_STR_AUXDATA) == 0) return -1;
        return data();
    }

    @Test
    void statusShowsEmptyBuffersAndNoKeylock() {
        assertEquals(I8042_STR_SYSFLAG | I8042_STR_KEYLOCK, status());
    }

    @Test
    void flushTerminatesSoTheControllerIsFound() {
        int reads = 0;
        while ((status() & I8042_STR_OBF) != 0 && reads < 16) {
            data();
            reads++;
        }
        assertEquals(0, reads);
    }

    @Test
    void selfTestAnswers0x55() {
        assertEquals(I8042_RET_CTL_TEST, command(I8042_CMD_CTL_TEST, 0, false, true));
        assertEquals(0, status() & I8042_STR_OBF);
    }

    @Test
    void commandByteReadsBackWhatWasWritten() {
        assertEquals(I8042.POWER_ON_CTR, command(I8042_CMD_CTL_RCTR, 0, false, true));
        assertEquals(I8042.POWER_ON_CTR, command(I8042_CMD_CTL_RCTR, 0, false, true), "stable CTR read");
        command(I8042_CMD_CTL_WCTR, 0x74, true, false);
        assertEquals(0x74, command(I8042_CMD_CTL_RCTR, 0, false, true));
        command(I8042_CMD_KBD_ENABLE, 0, false, false);
        assertEquals(0x74 & ~I8042_CTR_KBDDIS, command(I8042_CMD_CTL_RCTR, 0, false, true));
    }

    @Test
    void statusCmdDatBitTracksLastWrite() {
        pio.write(0x64, 1, I8042_CMD_CTL_WCTR);
        assertEquals(I8042_STR_CMDDAT, status() & I8042_STR_CMDDAT);
        pio.write(0x60, 1, 0x45);
        assertEquals(0, status() & I8042_STR_CMDDAT);
    }

    /** i8042_check_aux(): the loop test fails on AUXDATA, the AUX test then reports no port. */
    @Test
    void auxProbeConcludesThereIsNoMouseWithoutWaiting() {
        assertEquals(-1, command(I8042_CMD_AUX_LOOP, 0x5a, true, true));
        int auxTest = command(I8042_CMD_AUX_TEST, 0, false, true);
        assertTrue(auxTest != 0 && auxTest != 0xfa && auxTest != 0xff, "Linux returns -1: no AUX port");
        assertEquals(0, status() & I8042_STR_OBF, "nothing left for the next command to trip over");
    }

    @Test
    void pulseResetCommandResetsTheMachine() {
        pio.write(0x64, 1, 0xfe);
        assertEquals(List.of("reset: i8042 reset (command 0xFE on port 0x64)"), machine.requests);
    }

    @Test
    void pulsingOtherLinesDoesNotReset() {
        pio.write(0x64, 1, 0xff);
        pio.write(0x64, 1, 0xfd);
        assertEquals(List.of(), machine.requests);
    }

    @Test
    void outputPortWriteWithResetLineLowResets() {
        command(I8042_CMD_WRITE_OUTPUT_PORT, 0x03, true, false);
        assertEquals(List.of(), machine.requests);
        assertEquals(0x03, command(I8042_CMD_READ_OUTPUT_PORT, 0, false, true));
        command(I8042_CMD_WRITE_OUTPUT_PORT, 0x02, true, false);
        assertEquals(List.of("reset: i8042 reset (output port write 0x02: command 0xD1 on port 0x64)"),
                machine.requests);
    }

    @Test
    void keyboardBytesVanishAndNeverAnswer() {
        pio.write(0x60, 1, 0xf2);  // atkbd's GET ID
        assertEquals(0, status() & I8042_STR_OBF);
        assertEquals(List.of(), machine.requests);
    }

    @Test
    void port0x61StaysFreeForKvmsPit() {
        assertEquals(List.of("0x60-0x60 i8042-data@0x60", "0x64-0x64 i8042-command@0x64"), pio.describe());
    }

    @Test
    void resetRestoresPowerOnState() {
        command(I8042_CMD_CTL_WCTR, 0x00, true, false);
        pio.write(0x64, 1, I8042_CMD_CTL_TEST);
        pio.resetDevices();
        assertEquals(I8042_STR_SYSFLAG | I8042_STR_KEYLOCK, status());
        assertEquals(I8042.POWER_ON_CTR, command(I8042_CMD_CTL_RCTR, 0, false, true));
    }
}

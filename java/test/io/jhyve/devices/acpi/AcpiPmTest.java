package io.jhyve.devices.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.devices.IrqLine;
import io.jhyve.devices.MachineControl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcpiPmTest {
    final List<String> requests = new ArrayList<>();
    boolean sci;
    final AcpiPm pm = new AcpiPm(new IrqLine() {
        @Override public void set(boolean level) { sci = level; }
        @Override public int gsi() { return 9; }
    }, new MachineControl() {
        @Override public void requestReset(String reason) { requests.add("reset: " + reason); }
        @Override public void requestPowerOff(String reason, int status) { requests.add("off " + status + ": " + reason); }
    });

    // Offsets inside the device's range (base 0x600).
    static final int STS = 0, EN = 2, CNT = 4, RESET = 8;

    @Test
    void powerButtonRaisesSciOnlyOnceEnabledAndTheGuestAcknowledges() {
        assertFalse(pm.pressPowerButton(), "nobody listens yet");
        assertFalse(sci);
        assertEquals(0x100, pm.read(STS, 2), "PWRBTN_STS set anyway");
        pm.write(STS, 2, 0x100);
        pm.write(EN, 2, 0x100);
        assertTrue(pm.pressPowerButton());
        assertTrue(sci);
        assertEquals(0x0100_0100L, pm.read(STS, 4), "STS and EN in one 32-bit read");
        pm.write(STS, 2, 0x100); // write 1 to clear
        assertFalse(sci);
        assertEquals(0, pm.read(STS, 2));
    }

    @Test
    void writingZeroLeavesStatusAlone() {
        pm.write(EN, 2, 0x100);
        pm.pressPowerButton();
        pm.write(STS, 2, 0);
        assertTrue(sci);
    }

    @Test
    void s5SoftOffPowersOffWithStatusZero() {
        pm.write(CNT, 2, (5 << 10) | (1 << 13));
        assertEquals(List.of("off 0: ACPI S5 soft-off (SLP_TYP 5 with SLP_EN to port 0x604)"), requests);
    }

    @Test
    void otherSleepTypesAndSlpTypWithoutSlpEnDoNothing() {
        pm.write(CNT, 2, 5 << 10);
        pm.write(CNT, 2, (1 << 10) | (1 << 13));
        assertEquals(List.of(), requests);
        assertEquals(1, pm.read(CNT, 2) & 1, "SCI_EN always reads set");
        assertEquals(0, pm.read(CNT, 2) & (1 << 13), "SLP_EN reads as 0");
    }

    @Test
    void resetRegister() {
        pm.write(RESET, 1, 0x02);
        assertEquals(List.of(), requests);
        pm.write(RESET, 1, 0x01);
        assertEquals(List.of("reset: ACPI reset register (0x1 written to port 0x608)"), requests);
    }

    @Test
    void unusedPortsReadZeroAndIgnoreWrites() {
        pm.write(0xc, 4, 0xffff_ffffL);
        assertEquals(0, pm.read(0xc, 4));
        assertEquals(List.of(), requests);
    }

    @Test
    void resetClearsEnablesAndLowersSci() {
        pm.write(EN, 2, 0x100);
        pm.pressPowerButton();
        pm.reset();
        assertFalse(sci);
        assertFalse(pm.powerButtonEnabled());
        assertEquals(java.util.Map.of("PM1a_STS", 0L, "PM1a_EN", 0L, "PM1a_CNT", 1L, "power-button presses", 1L),
                pm.stats());
    }
}

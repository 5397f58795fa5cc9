package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.devices.IrqLine;
import io.jhyve.devices.acpi.AcpiPm;
import io.jhyve.vmm.EndReason.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GracefulStopTest {
    final MachineEnd end = new MachineEnd();
    boolean sci;
    final AcpiPm pm = new AcpiPm(new IrqLine() {
        @Override public void set(boolean level) { sci = level; }
        @Override public int gsi() { return 9; }
    }, end);
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    GracefulStop stop(int graceSeconds) {
        return new GracefulStop(pm, end, graceSeconds, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    void guestEnablesThePowerButton() {
        pm.write(2, 2, 0x100); // PM1a_EN.PWRBTN_EN
    }

    @Test
    void aGuestWithoutThePowerButtonIsStoppedAtOnce() {
        try (GracefulStop s = stop(10)) {
            s.request("SIGTERM", Kind.SIGNAL, 143);
        }
        assertEquals("jhyve: stopped by SIGTERM (the guest has not enabled the ACPI power button, so it cannot"
                + " shut down cleanly) (exit status 143)", end.reason().line());
    }

    @Test
    void theButtonRaisesTheSciAndTheGuestMayPowerOff() {
        guestEnablesThePowerButton();
        try (GracefulStop s = stop(10)) {
            s.request("SIGTERM", Kind.SIGNAL, 143);
            assertTrue(sci);
            assertFalse(end.hasEnded());
            assertEquals("\r\njhyve: SIGTERM: pressed the ACPI power button; the guest has 10 s to power off"
                    + " (stop again to end it now)\r\n", log.toString(StandardCharsets.UTF_8));
            pm.write(4, 2, (5 << 10) | (1 << 13)); // the guest's S5
        }
        assertEquals(Kind.POWER_OFF, end.reason().kind());
        assertEquals(0, end.reason().exitStatus());
    }

    @Test
    void aSecondRequestStopsAtOnce() {
        guestEnablesThePowerButton();
        try (GracefulStop s = stop(10)) {
            s.request("SIGINT", Kind.SIGNAL, 130);
            s.request("SIGINT", Kind.SIGNAL, 130);
        }
        assertEquals("jhyve: stopped by SIGINT (second request, not waiting for the guest) (exit status 130)",
                end.reason().line());
    }

    @Test
    void afterTheGracePeriodTheRunEndsHardAndSaysSo() throws Exception {
        guestEnablesThePowerButton();
        try (GracefulStop s = stop(1)) {
            s.request("Ctrl-A q", Kind.USER_QUIT, 0);
            EndReason r = end.await();
            assertEquals("jhyve: stopped by Ctrl-A q: the guest did not power off within 1 s of the ACPI power"
                    + " button, so jhyve stopped it hard (exit status 0)", r.line());
        }
    }
}

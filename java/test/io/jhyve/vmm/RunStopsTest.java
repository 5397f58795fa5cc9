package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.devices.IrqLine;
import io.jhyve.devices.acpi.AcpiPm;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class RunStopsTest {
    final RunStops stops = new RunStops();

    @Test
    void aSignalBetweenRunsIsKeptAndEndsTheNextRunAtOnce() {
        assertTrue(stops.stop("SIGTERM", 143));
        assertEquals("jhyve: stopped by SIGTERM (exit status 143)", stops.late().line());
        MachineEnd end = new MachineEnd();
        try (GracefulStop g = new GracefulStop(new AcpiPm(IrqLine.none(9), end), end, 10,
                new PrintStream(OutputStream.nullOutputStream()))) {
            stops.attach(end, g);
        }
        assertEquals("jhyve: stopped by SIGTERM (exit status 143)", end.reason().line());
    }

    @Test
    void aSecondLateSignalGoesToTheJvm() {
        assertTrue(stops.stop("SIGINT", 130));
        assertFalse(stops.stop("SIGINT", 130));
    }

    @Test
    void whileARunGoesSignalsGoToItsGracefulStop() {
        MachineEnd end = new MachineEnd();
        try (GracefulStop g = new GracefulStop(new AcpiPm(IrqLine.none(9), end), end, 10,
                new PrintStream(OutputStream.nullOutputStream()))) {
            stops.attach(end, g);
            assertTrue(stops.stop("SIGTERM", 143));
        }
        assertTrue(end.reason().line().startsWith("jhyve: stopped by SIGTERM (the guest has not enabled"));
        stops.detach();
        assertEquals(null, stops.late());
    }
}

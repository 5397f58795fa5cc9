package io.jhyve.vmm;

import io.jhyve.devices.acpi.AcpiPm;
import io.jhyve.vmm.EndReason.Kind;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asking the guest to shut down, as a power button does: the first request (SIGTERM, SIGINT,
 * Ctrl-A q) presses the ACPI power button and gives the guest {@code graceSeconds} to power off,
 * after which the run ends hard, saying so. A second request ends the run at once. A guest that has
 * not enabled the power-button event (no ACPI, or not yet booted that far) is stopped at once too,
 * since waiting would only delay the inevitable.
 */
final class GracefulStop implements AutoCloseable {
    private final AcpiPm pm;
    private final MachineEnd end;
    private final int graceSeconds;
    private final PrintStream log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jhyve-stop-grace");
        t.setDaemon(true);
        return t;
    });
    private boolean pressed;
    private boolean closed;

    GracefulStop(AcpiPm pm, MachineEnd end, int graceSeconds, PrintStream log) {
        this.pm = pm;
        this.end = end;
        this.graceSeconds = graceSeconds;
        this.log = log;
    }

    /**
     * One stop request from {@code source} (e.g. "SIGTERM"); {@code kind} and {@code exitStatus} are
     * what the run ends with if the guest does not power off by itself.
     */
    synchronized void request(String source, Kind kind, int exitStatus) {
        if (closed || end.hasEnded()) return;
        if (pressed) {
            end.end(EndReason.of(kind, "stopped by " + source + " (second request, not waiting for the guest)",
                    exitStatus));
            return;
        }
        pressed = true;
        boolean listening = pm.pressPowerButton();
        if (!listening || graceSeconds == 0) {
            end.end(EndReason.of(kind, "stopped by " + source + (listening ? " (stopGraceSeconds is 0)"
                    : " (the guest has not enabled the ACPI power button, so it cannot shut down cleanly)"),
                    exitStatus));
            return;
        }
        // The guest may power off before this returns; close() waits for it, so the timer still runs.
        log.print("\r\njhyve: " + source + ": pressed the ACPI power button; the guest has " + graceSeconds
                + " s to power off (stop again to end it now)\r\n");
        log.flush();
        timer.schedule(() -> end.end(EndReason.of(kind, "stopped by " + source + ": the guest did not power off"
                + " within " + graceSeconds + " s of the ACPI power button, so jhyve stopped it hard", exitStatus)),
                graceSeconds, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
    }
}

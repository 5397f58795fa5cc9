package io.jhyve.vmm;

import io.jhyve.diag.SilenceDetector;
import io.jhyve.diag.VcpuSnapshot;
import io.jhyve.hv.Vcpu;
import io.jhyve.vmm.EndReason.Kind;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The diagnostics attached to one run: the console watch, the silence watchdog, per-vCPU last
 * states and, with {@code --stats}, exit statistics. The machine wraps its vCPUs and console
 * through it; the reporter reads it once the run is over.
 */
final class RunMonitor {
    private final SilenceDetector silence;
    private final ConsoleWatch console;
    private final ExitStats stats;
    private final Map<Integer, VcpuSnapshot> states = new ConcurrentHashMap<>();
    /** Console silence when the run ended, fixed then so later work (the log scan) does not count. */
    private volatile long silentAtEndNanos = -1;

    RunMonitor(BootTimeline timeline, RunOptions options) {
        this.silence = new SilenceDetector(options.silenceSeconds() * 1_000_000_000L, System::nanoTime);
        this.console = new ConsoleWatch(timeline, silence, options.userspaceMarker());
        this.stats = options.stats() ? new ExitStats() : null;
    }

    ConsoleWatch console() { return console; }

    MonitoredVcpu wrap(Vcpu vcpu) {
        return new MonitoredVcpu(vcpu, stats, s -> states.put(s.id(), s));
    }

    Optional<VcpuSnapshot> state(int vcpu) { return Optional.ofNullable(states.get(vcpu)); }

    Optional<ExitStats> stats() { return Optional.ofNullable(stats); }

    /** Seconds without console output when the run ended (or until now, if it has not). */
    long silentSeconds() {
        long nanos = silentAtEndNanos >= 0 ? silentAtEndNanos : silence.silentNanos();
        return nanos / 1_000_000_000L;
    }

    /** Fixes the silence figure at the end of the run; the first call wins. */
    void noteEnd() {
        if (silentAtEndNanos < 0) silentAtEndNanos = silence.silentNanos();
    }

    /** Starts counting silence from now and, if a timeout is set, a watchdog that ends the run. */
    void startSilenceWatch(MachineEnd end) {
        silence.activity();
        if (!silence.enabled()) return;
        long pollMillis = Math.max(10, Math.min(250, silence.timeoutNanos() / 10_000_000));
        Thread t = new Thread(() -> {
            while (!end.hasEnded()) {
                if (silence.expired()) {
                    // What the user asked about: at least the timeout went by without output.
                    silentAtEndNanos = silence.timeoutNanos();
                    end.end(EndReason.of(Kind.SILENT, "guest silent"));
                    return;
                }
                try {
                    Thread.sleep(pollMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "silence-watch");
        t.setDaemon(true);
        t.start();
    }
}

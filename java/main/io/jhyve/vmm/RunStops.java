package io.jhyve.vmm;

import io.jhyve.vmm.EndReason.Kind;

/**
 * Where stop signals go for the whole of {@link Machine#boot}, across the runs of a restarting guest:
 * to the current run's {@link GracefulStop} while it runs; between runs (or after the end) the first
 * signal is remembered, which ends the restart loop with its closing line, and a second one is left
 * to the JVM's own handler so that a stuck teardown still dies.
 */
final class RunStops implements SignalStop.Target {
    private MachineEnd end;
    private GracefulStop stop;
    private EndReason late;

    /** The run now going; a signal that came while it was being built ends it at once. */
    synchronized void attach(MachineEnd runEnd, GracefulStop runStop) {
        this.end = runEnd;
        this.stop = runStop;
        if (late != null) runEnd.end(late);
    }

    synchronized void detach() {
        this.end = null;
        this.stop = null;
    }

    @Override
    public synchronized boolean stop(String signal, int exitStatus) {
        if (end != null && !end.hasEnded()) {
            stop.request(signal, Kind.SIGNAL, exitStatus);
            return true;
        }
        if (late == null) {
            late = EndReason.of(Kind.SIGNAL, "stopped by " + signal, exitStatus);
            return true;
        }
        return false;
    }

    /** The signal that came while no run was going, if any. */
    synchronized EndReason late() { return late; }
}

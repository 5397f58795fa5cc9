package io.jhyve.vmm;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While jhyve runs a machine, SIGINT and SIGTERM go to a {@link Target} instead of killing the JVM
 * mid-run: the first presses the guest's power button ({@link GracefulStop}), the second ends the run
 * at once, and the terminal is restored and the closing line says which signal it was. When the
 * target declines a signal, it falls through to the previous handler (normally JVM shutdown).
 */
final class SignalStop implements AutoCloseable {
    /** Receives the signals; returns false to let the previous handler have one. */
    interface Target {
        boolean stop(String signal, int exitStatus);
    }

    private final Signal[] signals = {new Signal("INT"), new Signal("TERM")};
    private final SignalHandler[] previous = new SignalHandler[signals.length];

    private SignalStop(Target target) {
        for (int i = 0; i < signals.length; i++) {
            Signal sig = signals[i];
            int status = 128 + sig.getNumber();
            int index = i;
            previous[i] = Signal.handle(sig, s -> {
                if (!target.stop("SIG" + s.getName(), status) && previous[index] != null
                        && previous[index] != SignalHandler.SIG_IGN && previous[index] != SignalHandler.SIG_DFL) {
                    previous[index].handle(s);
                }
            });
        }
    }

    static SignalStop install(Target target) {
        return new SignalStop(target);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.length; i++) {
            if (previous[i] != null) Signal.handle(signals[i], previous[i]);
        }
    }
}

package io.jhyve.vmm;

import io.jhyve.vmm.EndReason.Kind;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a machine runs, SIGINT and SIGTERM go to {@link GracefulStop} instead of killing the JVM
 * mid-run: the first presses the guest's power button, the second ends the run at once, and the
 * terminal is restored and the closing line says which signal it was. A signal after the run has
 * ended is recorded (it stops a restart); a second one falls through to the previous handler
 * (normally JVM shutdown): a stuck teardown still dies.
 */
final class SignalStop implements AutoCloseable {
    private final Signal[] signals = {new Signal("INT"), new Signal("TERM")};
    private final SignalHandler[] previous = new SignalHandler[signals.length];

    private SignalStop(MachineEnd end, GracefulStop stop) {
        for (int i = 0; i < signals.length; i++) {
            Signal sig = signals[i];
            int status = 128 + sig.getNumber();
            int index = i;
            previous[i] = Signal.handle(sig, s -> {
                String name = "SIG" + s.getName();
                if (!end.hasEnded()) {
                    stop.request(name, Kind.SIGNAL, status);
                    return;
                }
                boolean first = end.noteLateStop(EndReason.of(Kind.SIGNAL, "stopped by " + name, status));
                if (!first && previous[index] != null && previous[index] != SignalHandler.SIG_IGN
                        && previous[index] != SignalHandler.SIG_DFL) {
                    previous[index].handle(s);
                }
            });
        }
    }

    static SignalStop install(MachineEnd end, GracefulStop stop) {
        return new SignalStop(end, stop);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.length; i++) {
            if (previous[i] != null) Signal.handle(signals[i], previous[i]);
        }
    }
}

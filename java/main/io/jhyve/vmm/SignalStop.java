package io.jhyve.vmm;

import io.jhyve.vmm.EndReason.Kind;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a machine runs, SIGINT and SIGTERM end it through {@link MachineEnd} instead of killing the
 * JVM mid-run, so the terminal is restored and the closing line says which signal it was. A second
 * signal falls through to the previous handler (normally JVM shutdown): a stuck run still dies.
 */
final class SignalStop implements AutoCloseable {
    private final Signal[] signals = {new Signal("INT"), new Signal("TERM")};
    private final SignalHandler[] previous = new SignalHandler[signals.length];

    private SignalStop(MachineEnd end) {
        for (int i = 0; i < signals.length; i++) {
            Signal sig = signals[i];
            int status = 128 + sig.getNumber();
            int index = i;
            previous[i] = Signal.handle(sig, s -> {
                boolean first = end.end(EndReason.of(Kind.SIGNAL, "stopped by SIG" + s.getName(), status));
                if (!first && previous[index] != null && previous[index] != SignalHandler.SIG_IGN
                        && previous[index] != SignalHandler.SIG_DFL) {
                    previous[index].handle(s);
                }
            });
        }
    }

    static SignalStop install(MachineEnd end) {
        return new SignalStop(end);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.length; i++) {
            if (previous[i] != null) Signal.handle(signals[i], previous[i]);
        }
    }
}

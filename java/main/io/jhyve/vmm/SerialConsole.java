package io.jhyve.vmm;

import io.jhyve.JhyveException;
import io.jhyve.config.SerialConfig;
import io.jhyve.console.ConsoleInputPump;
import io.jhyve.console.ConsoleSink;
import io.jhyve.console.TerminalMode;
import io.jhyve.devices.legacy.Uart16550;
import io.jhyve.vmm.EndReason.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The host side of COM1 for one run: the sink the UART writes to, the terminal in raw mode while
 * the guest runs (stdio on a tty), and the input pump with its Ctrl-A escape. Closing restores the
 * terminal first, before anything else can print.
 */
final class SerialConsole implements AutoCloseable {
    private final ConsoleSink sink;
    private TerminalMode terminal;
    private ConsoleInputPump pump;
    private ConsoleInputPump.InputConsumer input;

    private SerialConsole(ConsoleSink sink) {
        this.sink = sink;
    }

    static SerialConsole open(SerialConfig config) {
        try {
            ConsoleSink sink = ConsoleSink.open(config);
            if (config instanceof SerialConfig.Pty) System.err.println("jhyve: " + sink.description());
            return new SerialConsole(sink);
        } catch (IOException e) {
            throw new JhyveException("serial \"" + config + "\": " + e.getMessage(), e);
        }
    }

    OutputStream output() { return sink.output(); }

    /** Sends host input to {@code consumer} (the virtio-console's hvc0) instead of the UART. */
    void inputTo(ConsoleInputPump.InputConsumer consumer) {
        this.input = consumer;
    }

    /**
     * Starts raw mode and the input pump into {@code uart}, or where {@link #inputTo} said; Ctrl-A x
     * ends the run through {@code end}, Ctrl-A q runs {@code powerButton}.
     */
    void start(Uart16550 uart, MachineEnd end, Runnable powerButton) {
        if (sink.usesTerminal()) terminal = TerminalMode.rawIfTty(0);
        InputStream in = sink.input().orElse(null);
        if (in != null) {
            pump = new ConsoleInputPump(in, input != null ? input : uart::receive,
                    () -> end.end(EndReason.of(Kind.USER_QUIT, "quit from the console (Ctrl-A x)")),
                    powerButton, System.err).start();
        }
    }

    @Override
    public void close() {
        if (pump != null) pump.close();
        try {
            sink.close();
        } catch (IOException e) {
            System.err.println("jhyve: console: " + e.getMessage());
        } finally {
            if (terminal != null) terminal.close();
        }
    }
}

package io.jhyve.console;

import io.jhyve.config.SerialConfig;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The host end of the serial console for a {@link SerialConfig}: the stream the UART transmits into
 * (already asynchronous, see {@link AsyncOutputStream}), the host input to pump into the UART if
 * there is any, and a line to tell the user where the console is.
 *
 * <p>Keeping the terminal out of the UART: the VMM gives {@link #output()} to the UART, runs a
 * {@link ConsoleInputPump} from {@link #input()} into {@code Uart16550::receive}, and wraps the run
 * in {@link TerminalMode#rawIfTty(int)} when {@link #usesTerminal()}.
 */
public final class ConsoleSink implements AutoCloseable {
    private final AsyncOutputStream output;
    private final InputStream input;
    private final boolean usesTerminal;
    private final String description;
    private final AutoCloseable resource;

    private ConsoleSink(AsyncOutputStream output, InputStream input, boolean usesTerminal, String description,
            AutoCloseable resource) {
        this.output = output;
        this.input = input;
        this.usesTerminal = usesTerminal;
        this.description = description;
        this.resource = resource;
    }

    /** Opens the console for {@code spec} on this process's stdin and stdout. */
    public static ConsoleSink open(SerialConfig spec) throws IOException {
        return open(spec, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
    }

    static ConsoleSink open(SerialConfig spec, InputStream stdin, OutputStream stdout) throws IOException {
        if (spec instanceof SerialConfig.Stdio) {
            return new ConsoleSink(async(keepOpen(stdout), AsyncOutputStream.WhenFull.WAIT), stdin, true,
                    "serial console on stdio (C-a h for help)", null);
        }
        if (spec instanceof SerialConfig.File f) {
            OutputStream file;
            try {
                file = Files.newOutputStream(f.path(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw new IOException("cannot open console file \"" + f.path() + "\": " + e, e);
            }
            return new ConsoleSink(async(file, AsyncOutputStream.WhenFull.WAIT), null, false,
                    "serial console to file " + f.path(), null);
        }
        if (spec instanceof SerialConfig.Pty) {
            Pty pty = Pty.open();
            // Nobody may have the slave open: drop rather than stall the guest on a full pty.
            return new ConsoleSink(async(pty.masterOutput(), AsyncOutputStream.WhenFull.DROP), pty.masterInput(),
                    false, "serial console on " + pty.slavePath(), pty);
        }
        return new ConsoleSink(async(OutputStream.nullOutputStream(), AsyncOutputStream.WhenFull.DROP), null,
                false, "serial console disabled", null);
    }

    private static AsyncOutputStream async(OutputStream target, AsyncOutputStream.WhenFull whenFull) {
        return new AsyncOutputStream("jhyve-console-output", target, AsyncOutputStream.DEFAULT_CAPACITY, whenFull);
    }

    /** Our stdout must outlive the console: closing the sink flushes it but leaves fd 1 open. */
    private static OutputStream keepOpen(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

            @Override public void close() throws IOException { flush(); }
        };
    }

    /** Where the UART's transmitted bytes go. */
    public OutputStream output() { return output; }

    /** Host input for the guest, if this console has any. */
    public Optional<InputStream> input() { return Optional.ofNullable(input); }

    /** True for stdio: the caller should put a terminal stdin into raw mode. */
    public boolean usesTerminal() { return usesTerminal; }

    /** For the user, e.g. "serial console on /dev/pts/5". */
    public String description() { return description; }

    /** Bytes dropped because nobody read them (pty with no one attached). */
    public long droppedBytes() { return output.droppedBytes(); }

    /** Flushes pending output and releases the file or pty. */
    @Override
    public void close() throws IOException {
        try {
            output.close();
        } finally {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IOException("closing " + description + ": " + e.getMessage(), e);
                }
            }
        }
    }
}

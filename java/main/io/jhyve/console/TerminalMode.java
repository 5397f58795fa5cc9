package io.jhyve.console;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jhyve.sys.Errno;
import io.jhyve.sys.LibC;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Raw mode on a terminal for as long as the guest owns it: every key, Ctrl-C included, goes to the
 * guest, and output is not post-processed (the guest's own tty layer already sends CR LF).
 *
 * <p>{@link #rawIfTty(int)} saves the terminal's settings with tcgetattr, applies cfmakeraw and
 * tcsetattr, and registers a JVM shutdown hook; {@link #close()} and the hook restore the saved
 * settings, whichever comes first, once. On a descriptor that is not a terminal it does nothing.
 * The termios structure is handled as an opaque buffer larger than any libc's {@code struct termios},
 * since only libc reads or writes its fields.
 */
public final class TerminalMode implements AutoCloseable {
    /** glibc's struct termios is 60 bytes and macOS's 72; 256 leaves room for any libc. */
    static final int TERMIOS_BUFFER_BYTES = 256;

    private final int fd;
    private final Memory saved;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Thread shutdownHook;

    private TerminalMode(int fd, Memory saved) {
        this.fd = fd;
        this.saved = saved;
        this.shutdownHook = saved == null ? null : new Thread(this::restore, "jhyve-terminal-restore");
    }

    /**
     * Puts {@code fd} (normally 0, stdin) into raw mode if it is a terminal.
     *
     * @throws IllegalStateException naming the call and errno if the terminal refuses
     */
    public static TerminalMode rawIfTty(int fd) {
        if (LibC.isatty(fd) != 1) return new TerminalMode(fd, null);
        Memory saved = new Memory(TERMIOS_BUFFER_BYTES);
        saved.clear();
        Memory raw = new Memory(TERMIOS_BUFFER_BYTES);
        try {
            LibC.tcgetattr(fd, saved);
            raw.write(0, saved.getByteArray(0, TERMIOS_BUFFER_BYTES), 0, TERMIOS_BUFFER_BYTES);
            LibC.cfmakeraw(raw);
            LibC.tcsetattr(fd, LibC.TCSANOW, raw);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot put terminal (fd " + fd + ") into raw mode: "
                    + Errno.describe(e), e);
        }
        TerminalMode mode = new TerminalMode(fd, saved);
        Runtime.getRuntime().addShutdownHook(mode.shutdownHook);
        return mode;
    }

    /** True when a terminal was put into raw mode and not yet restored. */
    public boolean isRaw() { return saved != null && !restored.get(); }

    /** Restores the saved settings (once) and drops the shutdown hook. */
    @Override
    public void close() {
        restore();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to; it will find the work done.
            }
        }
    }

    private void restore() {
        if (saved == null || !restored.compareAndSet(false, true)) return;
        try {
            LibC.tcsetattr(fd, LibC.TCSANOW, saved);
        } catch (LastErrorException e) {
            System.err.println("jhyve: could not restore terminal settings: " + Errno.describe(e)
                    + "; run 'stty sane'");
        }
    }
}

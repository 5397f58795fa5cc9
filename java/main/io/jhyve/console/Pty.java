package io.jhyve.console;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jhyve.sys.Errno;
import io.jhyve.sys.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A pseudo-terminal for the serial console: jhyve keeps the master side, the user attaches a
 * terminal program to {@link #slavePath()} (e.g. {@code screen /dev/pts/5}).
 *
 * <p>Opened with posix_openpt, grantpt, unlockpt and ptsname (POSIX). The slave is put into raw mode
 * and held open by jhyve itself, so the line discipline does not echo or translate the guest's bytes
 * and the master does not see a hang-up (EIO) while no user is attached.
 */
public final class Pty implements AutoCloseable {
    private final int masterFd;
    private final int slaveFd;
    private final String slavePath;
    private boolean closed;

    private Pty(int masterFd, int slaveFd, String slavePath) {
        this.masterFd = masterFd;
        this.slaveFd = slaveFd;
        this.slavePath = slavePath;
    }

    /** Allocates a pseudo-terminal; the message names the failing call and errno. */
    public static Pty open() throws IOException {
        int master;
        try {
            master = LibC.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("posix_openpt failed: " + Errno.describe(e), e);
        }
        try {
            LibC.grantpt(master);
            LibC.unlockpt(master);
            String path = LibC.ptsname(master);
            if (path == null) throw new IOException("ptsname returned no slave path for pty master fd " + master);
            int slave = LibC.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
            makeRaw(slave, path);
            return new Pty(master, slave, path);
        } catch (LastErrorException e) {
            closeQuietly(master);
            throw new IOException("setting up pseudo-terminal failed: " + Errno.describe(e), e);
        }
    }

    private static void makeRaw(int fd, String path) throws IOException {
        Memory termios = new Memory(TerminalMode.TERMIOS_BUFFER_BYTES);
        termios.clear();
        try {
            LibC.tcgetattr(fd, termios);
            LibC.cfmakeraw(termios);
            LibC.tcsetattr(fd, LibC.TCSANOW, termios);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("cannot put " + path + " into raw mode: " + Errno.describe(e), e);
        }
    }

    /** The slave device to tell the user about, e.g. "/dev/pts/5". */
    public String slavePath() { return slavePath; }

    /** What the user types, read from the master side. Returns -1 once the pty is closed. */
    public InputStream masterInput() {
        return new InputStream() {
            private final Memory buf = new Memory(4096);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                long n;
                try {
                    n = LibC.read(masterFd, buf, Math.min(len, buf.size()));
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.EIO || e.getErrorCode() == Errno.EBADF) return -1;
                    throw new IOException("reading pty master " + slavePath + ": " + Errno.describe(e), e);
                }
                if (n <= 0) return -1;
                buf.read(0, b, off, (int) n);
                return (int) n;
            }
        };
    }

    /** Where the guest's output goes: the master side, read by whoever has the slave open. */
    public OutputStream masterOutput() {
        return new OutputStream() {
            private final Memory buf = new Memory(4096);

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int chunk = (int) Math.min(len, buf.size());
                    buf.write(0, b, off, chunk);
                    long n;
                    try {
                        n = LibC.write(masterFd, buf, chunk);
                    } catch (LastErrorException e) {
                        throw new IOException("writing pty master " + slavePath + ": " + Errno.describe(e), e);
                    }
                    off += (int) n;
                    len -= (int) n;
                }
            }
        };
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        closeQuietly(slaveFd);
        closeQuietly(masterFd);
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            // Nothing useful to do: the descriptor is gone either way.
        }
    }
}

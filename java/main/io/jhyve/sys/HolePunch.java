package io.jhyve.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Deallocating a byte range of a file, so that it reads as zeros and stops using disk space:
 * Linux {@code fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, len)} (fallocate(2)).
 * What virtio-blk's DISCARD and WRITE_ZEROES become. Its own class, bound only on Linux, because
 * macOS's libc has no fallocate (and JNA binds every method of a class at once).
 */
public final class HolePunch implements AutoCloseable {
    /** linux/falloc.h */
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;

    private static final class Native0 {
        static {
            Native.register(LibC.LIBRARY);
        }

        static native int fallocate(int fd, int mode, long offset, long len) throws LastErrorException;
    }

    private final int fd;

    private HolePunch(int fd) {
        this.fd = fd;
    }

    /**
     * A hole puncher for {@code file} (opened read-write), or null where the host cannot punch holes
     * in it (not Linux, or a filesystem without support: the probe punches past the end of the
     * file, which changes nothing).
     */
    public static HolePunch open(Path file, long size) {
        if (!Platform.isLinux()) return null;
        int fd;
        try {
            fd = LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            return null;
        }
        try {
            Native0.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, Math.max(size, 0), 4096);
            return new HolePunch(fd);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            LibC.close(fd);
            return null;
        }
    }

    /** {@code len} bytes at {@code offset} now read as zeros; the file keeps its size. */
    public void punch(long offset, long len) throws IOException {
        try {
            Native0.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, len);
        } catch (LastErrorException e) {
            throw new IOException("fallocate(PUNCH_HOLE) at " + offset + "+" + len + ": " + LibC.strerror(e.getErrorCode()), e);
        }
    }

    @Override
    public void close() {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // nothing left to release
        }
    }
}

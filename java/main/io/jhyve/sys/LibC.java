package io.jhyve.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls jhyve makes, bound with JNA direct mapping (no reflection or marshalling per call,
 * which matters on the vCPU exit path). Calls that report errors through errno throw
 * {@link LastErrorException}; {@link Errno} names the code.
 */
public final class LibC {
    /** The C library, as classes that bind libc functions name it to JNA. */
    public static final String LIBRARY = cLibrary();

    static {
        Native.register(LIBRARY);
    }

    private static String cLibrary() {
        // Unless told its platform library path, JNA computes one when it first loads a library, on
        // Linux by running `ldconfig -p`: a child process on every start. On Linux libc is loaded
        // by its soname, which the dynamic loader finds without any search path.
        if (!Platform.isLinux()) return Platform.C_LIBRARY_NAME;
        if (System.getProperty("jna.platform.library.path") == null) System.setProperty("jna.platform.library.path", "");
        return "libc.so.6";
    }

    private LibC() { }

    // <fcntl.h>, Linux values
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_NOCTTY = 0x100;
    public static final int O_CLOEXEC = 0x80000;

    // <sys/mman.h>, Linux values
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_PRIVATE = 2;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;
    /** madvise(2): leave the range out of core dumps. */
    public static final int MADV_DONTDUMP = 16;

    // <termios.h>
    public static final int TCSANOW = 0;

    public static native int open(String path, int flags) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    public static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    /** Returns the mapping's address, or -1 (MAP_FAILED) with errno in {@link Native#getLastError()}. */
    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long addr, long length);

    /** Returns 0, or -1 with errno in {@link Native#getLastError()}. */
    public static native int madvise(long addr, long length, int advice);

    public static native String strerror(int errnum);

    public static native int isatty(int fd);

    public static native int tcgetattr(int fd, Pointer termios) throws LastErrorException;

    public static native int tcsetattr(int fd, int optionalActions, Pointer termios) throws LastErrorException;

    public static native void cfmakeraw(Pointer termios);

    public static native int posix_openpt(int flags) throws LastErrorException;

    public static native int grantpt(int fd) throws LastErrorException;

    public static native int unlockpt(int fd) throws LastErrorException;

    public static native String ptsname(int fd);

    public static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    public static native long write(int fd, Pointer buf, long count) throws LastErrorException;

    public static native int getpid();

    // <poll.h>
    public static final short POLLIN = 1;

    /** poll(2) on {@code nfds} struct pollfd {int fd; short events; short revents;} at {@code fds}. */
    public static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    /** Sends {@code sig} to thread {@code tid} of process {@code tgid}; used to kick a vCPU out of KVM_RUN. */
    public static native int tgkill(int tgid, int tid, int sig);

    public static native int gettid();
}

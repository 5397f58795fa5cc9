package io.jhyve.sys;

import com.sun.jna.LastErrorException;
import java.util.Map;

/** errno values by name (Linux), so messages say "ENODEV (No such device)" rather than "19". */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, EBADF = 9,
            EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19,
            EINVAL = 22, ENOTTY = 25, ENOSPC = 28, ENOSYS = 38, EOPNOTSUPP = 95;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(EINTR, "EINTR"),
            Map.entry(EIO, "EIO"), Map.entry(ENXIO, "ENXIO"), Map.entry(E2BIG, "E2BIG"),
            Map.entry(EBADF, "EBADF"), Map.entry(EAGAIN, "EAGAIN"), Map.entry(ENOMEM, "ENOMEM"),
            Map.entry(EACCES, "EACCES"), Map.entry(EFAULT, "EFAULT"), Map.entry(EBUSY, "EBUSY"),
            Map.entry(EEXIST, "EEXIST"), Map.entry(ENODEV, "ENODEV"), Map.entry(EINVAL, "EINVAL"),
            Map.entry(ENOTTY, "ENOTTY"), Map.entry(ENOSPC, "ENOSPC"), Map.entry(ENOSYS, "ENOSYS"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP"));

    private Errno() { }

    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** "ENODEV (No such device)". */
    public static String describe(int errno) {
        String text;
        try {
            text = LibC.strerror(errno);
        } catch (UnsatisfiedLinkError e) {
            text = null;
        }
        return text == null ? name(errno) : name(errno) + " (" + text + ")";
    }

    public static String describe(LastErrorException e) {
        return describe(e.getErrorCode());
    }
}

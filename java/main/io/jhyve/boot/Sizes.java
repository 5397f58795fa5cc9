package io.jhyve.boot;

/** Byte counts and addresses written the way boot messages show them. */
final class Sizes {
    private static final long KIB = 1024, MIB = KIB * KIB;

    private Sizes() { }

    /** "900 MiB", "1.5 MiB", "12 KiB", "9000 bytes": exact where it can be. */
    static String human(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) return bytes / MIB + " MiB";
        if (bytes >= MIB) return String.format("%.1f MiB", bytes / (double) MIB);
        if (bytes >= KIB && bytes % KIB == 0) return bytes / KIB + " KiB";
        return bytes + " bytes";
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

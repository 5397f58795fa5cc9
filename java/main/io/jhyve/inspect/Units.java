package io.jhyve.inspect;

/** Numbers as the inspect report writes them. */
final class Units {
    private static final long KIB = 1024, MIB = KIB * KIB, GIB = MIB * KIB;

    private Units() { }

    /** "256 MiB", "7.7 MiB", "12 KiB", "900 bytes". */
    static String human(long bytes) {
        if (bytes >= GIB && bytes % GIB == 0) return bytes / GIB + " GiB";
        if (bytes >= MIB && bytes % MIB == 0) return bytes / MIB + " MiB";
        if (bytes >= MIB) return String.format("%.1f MiB", bytes / (double) MIB);
        if (bytes >= KIB && bytes % KIB == 0) return bytes / KIB + " KiB";
        if (bytes >= KIB) return String.format("%.1f KiB", bytes / (double) KIB);
        return bytes + " bytes";
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

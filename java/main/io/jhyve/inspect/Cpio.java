package io.jhyve.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the cpio archives of an initramfs (Documentation/driver-api/early-userspace/
 * buffer-format.rst): "newc" (magic 070701) or "crc" (070702) headers of 110 ASCII bytes, 13
 * eight-digit hex fields after the magic, then the NUL-terminated name, then the data, each padded
 * to 4 bytes; an archive ends with the entry "TRAILER!!!". Several archives may follow each other,
 * with zero bytes between them, as the kernel accepts.
 */
final class Cpio {
    static final String NEWC = "070701", CRC = "070702", TRAILER = "TRAILER!!!";
    static final int HEADER = 110;
    /** File type bits of the mode field (as in stat(2)). */
    static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFLNK = 0120000, S_IFDIR = 0040000;

    private Cpio() { }

    /** One member. {@code linkTarget} is the symlink's target, or null for other types. */
    record Entry(String name, int mode, long size, String linkTarget) {
        boolean isRegular() { return (mode & S_IFMT) == S_IFREG; }

        boolean isSymlink() { return (mode & S_IFMT) == S_IFLNK; }

        /** The path as the kernel creates it under / ("./init" and "init" are both /init). */
        String path() {
            String p = name.startsWith("./") ? name.substring(1) : name;
            return p.startsWith("/") ? p : "/" + p;
        }
    }

    /**
     * What walking gave: the entries, the archives' magic ("newc" or "crc" for each), where the
     * walk stopped and, if it stopped on bad input, why.
     */
    record Walk(List<Entry> entries, List<String> formats, int end, String error) { }

    static boolean hasMagic(byte[] d, int at) {
        return at + 6 <= d.length && d[at] == '0' && d[at + 1] == '7' && d[at + 2] == '0' && d[at + 3] == '7'
                && d[at + 4] == '0' && (d[at + 5] == '1' || d[at + 5] == '2');
    }

    /** Walks consecutive archives from {@code offset} until data that is neither cpio nor zero padding. */
    static Walk walk(byte[] d, int offset) {
        List<Entry> entries = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        int pos = offset;
        boolean inArchive = false;
        while (true) {
            if (!inArchive) {
                while (pos < d.length && d[pos] == 0) pos++;
                if (!hasMagic(d, pos)) return new Walk(entries, formats, pos, null);
                formats.add(d[pos + 5] == '1' ? "newc" : "crc");
                inArchive = true;
            }
            if (!hasMagic(d, pos)) {
                return new Walk(entries, formats, pos, String.format("no cpio header at offset %d (bad magic)", pos));
            }
            if (pos + HEADER > d.length) return new Walk(entries, formats, pos, "cpio header truncated at offset " + pos);
            long mode = field(d, pos, 1), size = field(d, pos, 6), nameSize = field(d, pos, 11);
            if (mode < 0 || size < 0 || nameSize <= 0) {
                return new Walk(entries, formats, pos, "cpio header at offset " + pos + " has a non-hex field");
            }
            long nameEnd = pos + HEADER + nameSize, dataStart = align4(nameEnd), dataEnd = dataStart + size;
            if (dataEnd > d.length) {
                return new Walk(entries, formats, pos, String.format("cpio entry at offset %d runs past the end (%d bytes)",
                        pos, d.length));
            }
            String name = new String(d, pos + HEADER, (int) nameSize - 1, StandardCharsets.UTF_8);
            pos = (int) align4(dataEnd);
            if (name.equals(TRAILER)) {
                inArchive = false;
                continue;
            }
            String target = ((int) mode & S_IFMT) == S_IFLNK
                    ? new String(d, (int) dataStart, (int) size, StandardCharsets.UTF_8) : null;
            entries.add(new Entry(name, (int) mode, size, target));
        }
    }

    /** The {@code index}th eight-digit hex field after the magic, or -1 if it is not hex. */
    private static long field(byte[] d, int header, int index) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int digit = Character.digit(d[header + 6 + index * 8 + i], 16);
            if (digit < 0) return -1;
            v = v << 4 | digit;
        }
        return v;
    }

    private static long align4(long n) { return (n + 3) & ~3L; }
}

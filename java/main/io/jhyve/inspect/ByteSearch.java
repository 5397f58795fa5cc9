package io.jhyve.inspect;

import java.nio.charset.StandardCharsets;

/** Finding byte strings in kernel images: markers, C string literals, magic numbers. */
final class ByteSearch {
    private ByteSearch() { }

    /** The first index at or after {@code from} where {@code needle} occurs in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle, int from) {
        if (needle.length == 0) return from;
        byte first = needle[0];
        int last = hay.length - needle.length;
        outer:
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (hay[i] != first) continue;
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /**
     * Whether {@code text} occurs as a NUL-terminated C string in {@code hay}. What precedes it is
     * not checked: the compiler may merge a string into the tail of a longer one, and names kept in
     * fixed-size struct fields (an earlycon's) follow other data.
     */
    static boolean containsCString(byte[] hay, String text) {
        return indexOf(hay, (text + "\0").getBytes(StandardCharsets.US_ASCII), 0) >= 0;
    }

    /** Whether {@code text} occurs anywhere in {@code hay}, e.g. the start of a printk format. */
    static boolean contains(byte[] hay, String text) {
        return indexOf(hay, text.getBytes(StandardCharsets.US_ASCII), 0) >= 0;
    }
}

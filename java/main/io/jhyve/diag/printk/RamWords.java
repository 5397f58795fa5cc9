package io.jhyve.diag.printk;

import io.jhyve.memory.GuestMemory;
import io.jhyve.memory.MemoryRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Guest RAM as 64-bit little-endian words for the ring finder: reads that never throw (a word
 * outside RAM reads as {@link #OUTSIDE}), and a sequential scan of every aligned word in bulk
 * chunks, which is what makes a pass over gigabytes take well under a second per GiB.
 */
final class RamWords {
    /** What a word outside RAM reads as: a value no valid state_var, seq or id word has. */
    static final long OUTSIDE = 0xdead_0000_0000_0001L;
    private static final int CHUNK = 1 << 20;

    /** Called once per chunk of RAM; the words are little-endian 64-bit values in address order. */
    interface ChunkVisitor {
        /**
         * @param gpa     the address of {@code words[0]}
         * @param visit   how many words start in this chunk (visit those)
         * @param words   the chunk's words; entries from {@code visit} on are lookahead into the next
         *                chunk, as far as RAM continues ({@code length} of them are valid)
         */
        void visit(long gpa, long[] words, int visit, int length);
    }

    private final GuestMemory memory;

    RamWords(GuestMemory memory) {
        this.memory = memory;
    }

    long word(long gpa) {
        return gpa >= 0 && memory.isRam(gpa, 8) ? memory.readU64(gpa) : OUTSIDE;
    }

    int u16(long gpa) { return gpa >= 0 && memory.isRam(gpa, 2) ? memory.readU16(gpa) : -1; }

    int u8(long gpa) { return gpa >= 0 && memory.isRam(gpa, 1) ? memory.readU8(gpa) : -1; }

    /** The bytes at {@code [gpa, gpa+len)}, or null where they are not wholly RAM. */
    byte[] bytes(long gpa, int len) {
        return gpa >= 0 && len >= 0 && memory.isRam(gpa, len) ? memory.read(gpa, len) : null;
    }

    boolean isRam(long gpa, long len) { return gpa >= 0 && len >= 0 && memory.isRam(gpa, len); }

    /**
     * Visits every 8-byte-aligned word of RAM in address order, a chunk at a time, each chunk with
     * {@code lookaheadWords} words of the following RAM appended where the region continues.
     */
    void scan(int lookaheadWords, ChunkVisitor visitor) {
        scan(0, Long.MAX_VALUE, lookaheadWords, visitor);
    }

    /** As {@link #scan(int, ChunkVisitor)}, limited to the RAM in {@code [from, to)} (8-aligned). */
    void scan(long from, long to, int lookaheadWords, ChunkVisitor visitor) {
        int chunkWords = CHUNK / 8;
        byte[] buf = new byte[CHUNK + lookaheadWords * 8];
        long[] words = new long[chunkWords + lookaheadWords];
        for (MemoryRegion r : memory.regions()) {
            long start = Math.max(0, Math.min(r.size(), from - r.gpa())) & ~7L;
            long stop = Math.max(0, Math.min(r.size(), to - r.gpa()));
            for (long off = start; off + 8 <= stop; off += CHUNK) {
                long gpa = r.gpa() + off;
                int len = (int) Math.min(buf.length, r.size() - off) & ~7;
                memory.read(gpa, buf, 0, len);
                ByteBuffer.wrap(buf, 0, len).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words, 0, len / 8);
                int visit = (int) Math.min(Math.min(len / 8, chunkWords), (stop - off + 7) / 8);
                visitor.visit(gpa, words, visit, len / 8);
            }
        }
    }
}

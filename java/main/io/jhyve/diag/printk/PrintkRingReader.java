package io.jhyve.diag.printk;

import static io.jhyve.diag.printk.PrintkLayout.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the records of a located ring the way the kernel's reader does (printk_ringbuffer.c,
 * get_data): only committed or finalized descriptors, whose info seq matches their index and whose
 * data block still carries their id; a block whose lpos wraps keeps its text at the ring's start.
 * Records come back in sequence order, which reassembles a ring that has wrapped.
 */
final class PrintkRingReader {
    private final RamWords ram;
    private final PrintkRing ring;

    PrintkRingReader(RamWords ram, PrintkRing ring) {
        this.ram = ram;
        this.ring = ring;
    }

    List<PrintkRecord> records() {
        List<PrintkRecord> out = new ArrayList<>();
        long mask = ring.count() - 1L;
        for (int i = 0; i < ring.count(); i++) {
            long a = ring.descs() + (long) i * PRB_DESC_SIZE;
            long sv = ram.word(a);
            int st = state(sv);
            if (sv == 0 || (st != DESC_COMMITTED && st != DESC_FINALIZED) || (id(sv) & mask) != i) continue;
            long info = ring.infos() + (long) i * PRINTK_INFO_SIZE;
            long seq = ram.word(info);
            if (seq == RamWords.OUTSIDE || (seq & mask) != i) continue;
            int textLen = ram.u16(info + INFO_TEXT_LEN);
            if (textLen < 0 || textLen > MAX_TEXT_LEN) continue;
            String text = text(id(sv), ram.word(a + 8), ram.word(a + 16), textLen);
            if (text == null) continue;
            int level = ram.u8(info + INFO_FLAGS_LEVEL) >>> 5;
            out.add(new PrintkRecord(seq, ram.word(info + INFO_TS_NSEC), level, text));
        }
        out.sort(Comparator.comparingLong(PrintkRecord::seq));
        return out;
    }

    /** The text of the block at {@code [begin, next)}, or null when it is not this record's. */
    private String text(long id, long begin, long next, int textLen) {
        if (begin == NO_LPOS && next == NO_LPOS) return "";
        if (dataless(begin) || dataless(next)) return null;
        int bits = ring.sizeBits();
        long size = ring.dataSize();
        long blockIndex;
        long blockSize;
        if ((begin >>> bits) == (next >>> bits) && Long.compareUnsigned(begin, next) < 0) {
            blockIndex = begin & (size - 1);
            blockSize = next - begin;
        } else if (((begin + size) >>> bits) == (next >>> bits)) {
            blockIndex = 0; // a wrapping block keeps its data at the start of the ring
            blockSize = next & (size - 1);
        } else {
            return null;
        }
        if (blockSize < 8 || blockSize - 8 < textLen || blockIndex + blockSize > size) return null;
        long block = ring.data() + blockIndex;
        if (ram.word(block) != id) return null;
        byte[] bytes = ram.bytes(block + 8, textLen);
        return bytes == null ? null : sanitize(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Replaces control characters but newline and tab: guest text must not drive the terminal. */
    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0);
            sb.append(control ? '?' : c);
        }
        return sb.toString();
    }
}

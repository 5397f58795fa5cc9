package io.jhyve.diag.printk;

import io.jhyve.memory.GuestMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes log records into guest memory the way the kernel's printk ring buffer lays them out
 * (printk_ringbuffer.h, as described in PrintkLayout): ids start at DESC0_ID + 1, the data ring's
 * lpos at -size, blocks are 8-aligned with the id first, a block that would cross the ring's end
 * is placed at its start, and the oldest records become reusable when their space is needed.
 */
final class SyntheticPrintkRing {
    final GuestMemory mem;
    final long descs, infos, data;
    final int countBits, sizeBits;
    private final long count, size;
    private long nextId, headLpos, seq;
    private final Deque<long[]> live = new ArrayDeque<>(); // {id, begin, next}

    SyntheticPrintkRing(GuestMemory mem, long descs, long infos, long data, int countBits) {
        this.mem = mem;
        this.descs = descs;
        this.infos = infos;
        this.data = data;
        this.countBits = countBits;
        this.sizeBits = countBits + PrintkLayout.PRB_AVGBITS;
        this.count = 1L << countBits;
        this.size = 1L << sizeBits;
        long desc0Id = -(count + 1) & PrintkLayout.DESC_ID_MASK;
        nextId = (desc0Id + 1) & PrintkLayout.DESC_ID_MASK;
        headLpos = -size;
        mem.writeU64(descAddr(count - 1), sv(desc0Id, PrintkLayout.DESC_REUSABLE));
        mem.writeU64(descAddr(count - 1) + 8, PrintkLayout.FAILED_LPOS);
        mem.writeU64(descAddr(count - 1) + 16, PrintkLayout.FAILED_LPOS);
    }

    private long descAddr(long index) { return descs + index * PrintkLayout.PRB_DESC_SIZE; }

    private long infoAddr(long index) { return infos + index * PrintkLayout.PRINTK_INFO_SIZE; }

    static long sv(long id, int state) { return ((long) state << PrintkLayout.DESC_FLAGS_SHIFT) | id; }

    SyntheticPrintkRing append(String text) { return append(text, seq * 1_000_000L, 6); }

    SyntheticPrintkRing append(String text, long tsNanos, int level) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long id = nextId;
        nextId = (nextId + 1) & PrintkLayout.DESC_ID_MASK;
        long index = id & (count - 1);
        long blockSize = (8 + bytes.length + 7) & ~7L;
        long begin = headLpos;
        long next = begin + blockSize;
        if ((begin >>> sizeBits) != (next >>> sizeBits)) next = ((next >>> sizeBits) << sizeBits) + blockSize;
        while (!live.isEmpty() && (next - live.peekFirst()[1] > size || (live.peekFirst()[0] & (count - 1)) == index)) {
            long[] old = live.removeFirst();
            mem.writeU64(descAddr(old[0] & (count - 1)), sv(old[0], PrintkLayout.DESC_REUSABLE));
        }
        headLpos = next;
        mem.writeU64(data + (begin & (size - 1)), id);
        long textAt = data + (begin & (size - 1)) + 8;
        if ((begin >>> sizeBits) != (next >>> sizeBits)) {
            mem.writeU64(data, id);
            textAt = data + 8;
        }
        mem.write(textAt, bytes);
        long info = infoAddr(index);
        mem.fill(info, PrintkLayout.PRINTK_INFO_SIZE, 0);
        mem.writeU64(info, seq++);
        mem.writeU64(info + PrintkLayout.INFO_TS_NSEC, tsNanos);
        mem.writeU16(info + PrintkLayout.INFO_TEXT_LEN, bytes.length);
        mem.writeU8(info + PrintkLayout.INFO_FLAGS_LEVEL, level << 5 | 2);
        mem.writeU64(descAddr(index) + 8, begin);
        mem.writeU64(descAddr(index) + 16, next);
        mem.writeU64(descAddr(index), sv(id, PrintkLayout.DESC_FINALIZED));
        live.addLast(new long[] {id, begin, next});
        return this;
    }

    long recordsWritten() { return seq; }
}

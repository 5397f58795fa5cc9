package io.jhyve.devices.virtio;

import io.jhyve.memory.GuestMemory;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The device side of one split virtqueue (virtio-v1.2 §2.7): the descriptor table, the driver area
 * (avail ring) and the device area (used ring) in guest RAM, all reached through {@link GuestMemory}.
 *
 * <p>Everything the driver wrote is untrusted: {@link #pop} validates each chain (indices inside
 * the table, buffers inside RAM, no loops, readable before writable, at most one level of indirect
 * table) and throws {@link MalformedQueueException} instead of touching anything else.
 *
 * <p>Ordering (§2.7.13): the used element is written before the used index that publishes it
 * (release fence), the avail ring and descriptors are read only after the avail index that
 * published them (acquire fence), and the store of used.idx is ordered before the load of
 * used_event or avail.flags that decides whether to interrupt (full fence; the driver does the
 * mirror image), so neither side can miss the other's update. Guest RAM is native memory the
 * guest's vCPUs write concurrently, so these are real fences, not just Java-level ordering.
 *
 * <p>Thread-safe: the methods synchronise on the queue, so a vCPU thread and a device worker may
 * both use it.
 */
public final class SplitVirtqueue {
    /** §2.7: "The maximum Queue Size value is 32768". */
    public static final int MAX_QUEUE_SIZE = 32768;

    static final int VIRTQ_DESC_F_NEXT = 1;
    static final int VIRTQ_DESC_F_WRITE = 2;
    static final int VIRTQ_DESC_F_INDIRECT = 4;
    static final int VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
    static final int DESCRIPTOR_SIZE = 16;

    private final GuestMemory memory;
    private final int maxSize;
    private int size;
    private boolean ready;
    private long descTable;
    private long availRing;
    private long usedRing;
    private boolean eventIdx;
    private boolean indirect;
    private int lastAvailIdx;
    private int usedIdx;
    private int signalledUsedIdx;

    public SplitVirtqueue(GuestMemory memory, int maxSize) {
        if (maxSize < 1 || maxSize > MAX_QUEUE_SIZE || Integer.bitCount(maxSize) != 1) {
            throw new IllegalArgumentException("queue size " + maxSize + " is not a power of 2 up to " + MAX_QUEUE_SIZE);
        }
        this.memory = memory;
        this.maxSize = maxSize;
        this.size = maxSize;
    }

    public int maxSize() { return maxSize; }

    public synchronized int size() { return size; }

    public synchronized boolean ready() { return ready; }

    public synchronized long descTable() { return descTable; }

    public synchronized long availRing() { return availRing; }

    public synchronized long usedRing() { return usedRing; }

    /** QueueNum, QueueDesc/Driver/Device: only while the queue is not ready (§4.2.3.2). */
    public synchronized void setSize(int n) { if (!ready) size = n; }

    public synchronized void setDescTable(long gpa) { if (!ready) descTable = gpa; }

    public synchronized void setAvailRing(long gpa) { if (!ready) availRing = gpa; }

    public synchronized void setUsedRing(long gpa) { if (!ready) usedRing = gpa; }

    /**
     * QueueReady = 1: checks the size and that the three areas are aligned (§2.7, "Alignment
     * requirements") and lie in RAM, then starts from index 0 as a freshly reset queue does.
     */
    public synchronized void enable(boolean negotiatedEventIdx, boolean negotiatedIndirect) {
        if (size < 1 || size > maxSize || Integer.bitCount(size) != 1) {
            throw new MalformedQueueException("queue size " + size + " is not a power of 2 up to " + maxSize);
        }
        checkArea("descriptor table", descTable, 16, (long) DESCRIPTOR_SIZE * size);
        checkArea("driver area (avail ring)", availRing, 2, 6 + 2L * size);
        checkArea("device area (used ring)", usedRing, 4, 6 + 8L * size);
        eventIdx = negotiatedEventIdx;
        indirect = negotiatedIndirect;
        lastAvailIdx = 0;
        usedIdx = 0;
        signalledUsedIdx = 0;
        ready = true;
    }

    private void checkArea(String what, long gpa, int align, long len) {
        if ((gpa & (align - 1)) != 0) {
            throw new MalformedQueueException(String.format("%s at 0x%x is not %d-byte aligned", what, gpa, align));
        }
        if (!memory.isRam(gpa, len)) {
            throw new MalformedQueueException(String.format("%s at 0x%x (%d bytes) is outside guest RAM", what, gpa, len));
        }
    }

    /** Device reset or QueueReady = 0: forget the rings. */
    public synchronized void reset() {
        ready = false;
        size = maxSize;
        descTable = availRing = usedRing = 0;
        lastAvailIdx = usedIdx = signalledUsedIdx = 0;
    }

    /** True when the driver has made a chain available that {@link #pop} has not taken yet. */
    public synchronized boolean hasAvailable() {
        return ready && availIdx() != lastAvailIdx;
    }

    private int availIdx() {
        int idx = memory.readU16(availRing + 2);
        int pending = (idx - lastAvailIdx) & 0xffff;
        if (pending > size) {
            throw new MalformedQueueException(String.format(
                    "avail index %d is %d ahead of the device's %d, more than the queue size %d",
                    idx, pending, lastAvailIdx, size));
        }
        return idx;
    }

    /**
     * The next available chain, validated, or null when the ring is empty. With EVENT_IDX, an
     * empty ring first asks for a notification at the next index (avail_event) and looks again,
     * so a chain published meanwhile is not left waiting for a kick that will not come.
     */
    public synchronized DescriptorChain pop() {
        if (!ready) return null;
        if (availIdx() == lastAvailIdx) {
            if (!eventIdx) return null;
            memory.writeU16(usedRing + 4 + 8L * size, lastAvailIdx);
            VarHandle.fullFence();
            if (availIdx() == lastAvailIdx) return null;
        }
        VarHandle.acquireFence();
        int head = memory.readU16(availRing + 4 + 2L * (lastAvailIdx % size));
        lastAvailIdx = (lastAvailIdx + 1) & 0xffff;
        return walk(head);
    }

    private DescriptorChain walk(int head) {
        List<Descriptor> readable = new ArrayList<>();
        List<Descriptor> writable = new ArrayList<>();
        long table = descTable;
        int tableSize = size;
        boolean inIndirect = false;
        int index = head;
        int visited = 0;
        while (true) {
            if (index >= tableSize) {
                throw new MalformedQueueException(String.format("chain from head %d: descriptor index %d is past "
                        + "the end of a %d-entry %s", head, index, tableSize, inIndirect ? "indirect table" : "queue"));
            }
            if (++visited > tableSize) {
                throw new MalformedQueueException(String.format("chain from head %d is longer than its %d-entry %s "
                        + "(a loop)", head, tableSize, inIndirect ? "indirect table" : "queue"));
            }
            long at = table + (long) DESCRIPTOR_SIZE * index;
            long addr = memory.readU64(at);
            long len = memory.readU32(at + 8);
            int flags = memory.readU16(at + 12);
            int next = memory.readU16(at + 14);
            if ((flags & VIRTQ_DESC_F_INDIRECT) != 0) {
                checkIndirect(head, inIndirect, addr, len, flags);
                table = addr;
                tableSize = (int) (len / DESCRIPTOR_SIZE);
                inIndirect = true;
                index = 0;
                visited = 0;
                continue;
            }
            boolean isWritable = (flags & VIRTQ_DESC_F_WRITE) != 0;
            if (!isWritable && !writable.isEmpty()) {
                throw new MalformedQueueException("chain from head " + head
                        + ": a device-readable descriptor follows a device-writable one");
            }
            if (len > 0 && !memory.isRam(addr, len)) {
                throw new MalformedQueueException(String.format("chain from head %d: buffer at 0x%x (%d bytes) is "
                        + "outside guest RAM", head, addr, len));
            }
            (isWritable ? writable : readable).add(new Descriptor(addr, len, isWritable));
            if ((flags & VIRTQ_DESC_F_NEXT) == 0) return new DescriptorChain(head, readable, writable);
            index = next;
        }
    }

    /** §2.7.5.3.1: only with INDIRECT_DESC, never nested, never with NEXT, a whole number of entries. */
    private void checkIndirect(int head, boolean inIndirect, long addr, long len, int flags) {
        String problem = null;
        if (!indirect) problem = "uses an indirect descriptor but VIRTIO_F_INDIRECT_DESC was not negotiated";
        else if (inIndirect) problem = "has an indirect descriptor inside an indirect table";
        else if ((flags & VIRTQ_DESC_F_NEXT) != 0) problem = "has an indirect descriptor with VIRTQ_DESC_F_NEXT set";
        else if (len == 0 || len % DESCRIPTOR_SIZE != 0 || len / DESCRIPTOR_SIZE > MAX_QUEUE_SIZE) {
            problem = "has an indirect table of " + len + " bytes, not 1 to " + MAX_QUEUE_SIZE + " whole descriptors";
        } else if (!memory.isRam(addr, len)) {
            problem = String.format("has an indirect table at 0x%x (%d bytes) outside guest RAM", addr, len);
        }
        if (problem != null) throw new MalformedQueueException("chain from head " + head + " " + problem);
    }

    /** Returns chain {@code head} to the driver with {@code written} bytes written into its buffers. */
    public synchronized void addUsed(int head, long written) {
        if (!ready) return;
        long elem = usedRing + 4 + 8L * (usedIdx % size);
        memory.writeU32(elem, head);
        memory.writeU32(elem + 4, written);
        VarHandle.releaseFence();
        usedIdx = (usedIdx + 1) & 0xffff;
        memory.writeU16(usedRing + 2, usedIdx);
    }

    /**
     * Whether the driver wants a used-buffer notification for what was added since the last time
     * this answered (§2.7.10): by used_event with EVENT_IDX, else unless VIRTQ_AVAIL_F_NO_INTERRUPT.
     */
    public synchronized boolean needsNotification() {
        if (!ready || usedIdx == signalledUsedIdx) return false;
        VarHandle.fullFence();
        int old = signalledUsedIdx;
        signalledUsedIdx = usedIdx;
        if (!eventIdx) return (memory.readU16(availRing) & VIRTQ_AVAIL_F_NO_INTERRUPT) == 0;
        int usedEvent = memory.readU16(availRing + 4 + 2L * size);
        // vring_need_event: notify when used_event lies in [old, new), modulo 2^16.
        return ((usedIdx - usedEvent - 1) & 0xffff) < ((usedIdx - old) & 0xffff);
    }
}

package io.jhyve.devices.virtio;

import static io.jhyve.devices.virtio.VirtioMmioRegisters.*;
import static io.jhyve.devices.virtio.VirtioStatus.*;

import io.jhyve.devices.IrqLine;
import io.jhyve.memory.GuestMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtio driver written the way the spec tells drivers to behave (§3.1.1, §2.7.13), working on
 * guest RAM in a heap array, so device tests can drive a {@link VirtioMmioTransport} through its
 * registers and rings, and break the rules on purpose.
 *
 * <p>Memory map: queue i has its descriptor table at 0x10000 * (i + 1), its avail ring 0x4000 and
 * its used ring 0x8000 above that; data buffers come from 0x80000 upwards.
 */
final class TestDriver {
    static final int RAM = 4 << 20;
    static final long DATA = 0x80000;

    final GuestMemory mem = GuestMemory.onHeap(RAM);
    final List<String> log = new ArrayList<>();
    final List<Boolean> irqLevels = new ArrayList<>();
    final VirtioMmioTransport transport;
    private final int[] nextDesc = new int[8];
    private final int[] availIdx = new int[8];
    private final int[] sizes = new int[8];
    private long nextData = DATA;

    /** One buffer to put in a chain. */
    record Buf(long addr, long len, boolean writable) { }

    TestDriver(VirtioDevice device) {
        IrqLine irq = new IrqLine() {
            @Override public void set(boolean level) { synchronized (irqLevels) { irqLevels.add(level); } }
            @Override public int gsi() { return 5; }
        };
        transport = new VirtioMmioTransport("test-" + device.name(), device, mem, irq, log::add);
    }

    int reg(int offset) { return (int) transport.read(offset, 4); }

    void reg(int offset, int value) { transport.write(offset, 4, value & 0xffff_ffffL); }

    long deviceFeatures() {
        reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
        long lo = reg(VIRTIO_MMIO_DEVICE_FEATURES) & 0xffff_ffffL;
        reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
        return lo | ((long) reg(VIRTIO_MMIO_DEVICE_FEATURES) << 32);
    }

    /** §3.1.1 steps 1-6: returns whether FEATURES_OK stuck. */
    boolean negotiate(long features) {
        reg(VIRTIO_MMIO_STATUS, 0);
        reg(VIRTIO_MMIO_STATUS, ACKNOWLEDGE);
        reg(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER);
        reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
        reg(VIRTIO_MMIO_DRIVER_FEATURES, (int) features);
        reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
        reg(VIRTIO_MMIO_DRIVER_FEATURES, (int) (features >>> 32));
        reg(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        return (reg(VIRTIO_MMIO_STATUS) & FEATURES_OK) != 0;
    }

    /** Negotiates {@code features}, sets up every queue at {@code queueSize}, then DRIVER_OK. */
    TestDriver start(long features, int queueSize) {
        if (!negotiate(features)) throw new AssertionError("FEATURES_OK refused for 0x" + Long.toHexString(features));
        for (int q = 0; q < transport.device().queueMaxSizes().length; q++) setupQueue(q, queueSize);
        reg(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
        return this;
    }

    TestDriver start() {
        return start(transport.device().deviceFeatures() | VirtioFeatures.TRANSPORT_OFFERED, 16);
    }

    static long desc(int q) { return 0x10000L * (q + 1); }

    static long avail(int q) { return desc(q) + 0x4000; }

    static long used(int q) { return desc(q) + 0x8000; }

    void setupQueue(int q, int size) {
        sizes[q] = size;
        nextDesc[q] = 0;
        availIdx[q] = 0;
        mem.fill(desc(q), 0xc000, 0);
        reg(VIRTIO_MMIO_QUEUE_SEL, q);
        reg(VIRTIO_MMIO_QUEUE_NUM, size);
        reg(VIRTIO_MMIO_QUEUE_DESC_LOW, (int) desc(q));
        reg(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
        reg(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (int) avail(q));
        reg(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
        reg(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (int) used(q));
        reg(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
        reg(VIRTIO_MMIO_QUEUE_READY, 1);
    }

    /** A fresh data buffer of {@code len} bytes holding {@code contents} (may be shorter). */
    Buf buffer(int len, byte[] contents, boolean writable) {
        long addr = nextData;
        nextData += (len + 15) & ~15L;
        mem.fill(addr, len, writable ? 0xee : 0);
        if (contents != null) mem.write(addr, contents);
        return new Buf(addr, len, writable);
    }

    Buf in(int len) { return buffer(len, null, true); }

    Buf out(byte[] contents) { return buffer(contents.length, contents, false); }

    /** Writes descriptor {@code index} of queue {@code q} (or of a table at {@code table}). */
    void writeDesc(long table, int index, long addr, long len, int flags, int next) {
        long at = table + 16L * index;
        mem.writeU64(at, addr);
        mem.writeU32(at + 8, len);
        mem.writeU16(at + 12, flags);
        mem.writeU16(at + 14, next);
    }

    /** Puts {@code bufs} into fresh descriptors chained in order; returns the head index. */
    int chain(int q, Buf... bufs) {
        int head = nextDesc[q];
        for (int i = 0; i < bufs.length; i++) {
            int index = nextDesc[q]++ % sizes[q];
            boolean last = i == bufs.length - 1;
            int flags = (bufs[i].writable() ? SplitVirtqueue.VIRTQ_DESC_F_WRITE : 0)
                    | (last ? 0 : SplitVirtqueue.VIRTQ_DESC_F_NEXT);
            writeDesc(desc(q), index, bufs[i].addr(), bufs[i].len(), flags, (index + 1) % sizes[q]);
        }
        return head % sizes[q];
    }

    /** Makes descriptor {@code head} available (§2.7.13: ring entry first, then the index). */
    void publish(int q, int head) {
        mem.writeU16(avail(q) + 4 + 2L * (availIdx[q] % sizes[q]), head);
        availIdx[q] = (availIdx[q] + 1) & 0xffff;
        mem.writeU16(avail(q) + 2, availIdx[q]);
    }

    void kick(int q) { reg(VIRTIO_MMIO_QUEUE_NOTIFY, q); }

    /** Chains, publishes and kicks in one go; returns the head. */
    int submit(int q, Buf... bufs) {
        int head = chain(q, bufs);
        publish(q, head);
        kick(q);
        return head;
    }

    int usedIdx(int q) { return mem.readU16(used(q) + 2); }

    /** Waits (for a device with its own worker) until the used index reaches {@code n}. */
    void awaitUsed(int q, int n) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (usedIdx(q) != n) {
            if (System.nanoTime() > deadline) throw new AssertionError("used index " + usedIdx(q) + ", expected " + n);
            Thread.onSpinWait();
        }
    }

    /** The used element {@code n}: {id, len}. */
    long[] usedElem(int q, int n) {
        long at = used(q) + 4 + 8L * (n % sizes[q]);
        return new long[] {mem.readU32(at), mem.readU32(at + 4)};
    }

    /** Sets used_event (EVENT_IDX) for queue q. */
    void usedEvent(int q, int value) { mem.writeU16(avail(q) + 4 + 2L * sizes[q], value); }

    int availEvent(int q) { return mem.readU16(used(q) + 4 + 8L * sizes[q]); }

    int status() { return reg(VIRTIO_MMIO_STATUS); }

    boolean needsReset() { return (status() & DEVICE_NEEDS_RESET) != 0; }

    boolean irqLevel() {
        synchronized (irqLevels) {
            return !irqLevels.isEmpty() && irqLevels.get(irqLevels.size() - 1);
        }
    }

    void ack() { reg(VIRTIO_MMIO_INTERRUPT_ACK, reg(VIRTIO_MMIO_INTERRUPT_STATUS)); }
}

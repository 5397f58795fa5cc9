package io.jhyve.memory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one gateway to guest RAM. Every access is checked, overflow-safely, to lie wholly inside one
 * RAM region; anything else throws {@link GuestMemoryException}. Addresses are guest-physical.
 * Multi-byte values are little-endian. Thread-safe to the extent the host memory is (plain loads
 * and stores, no locking): devices that share structures with the guest order their accesses
 * themselves.
 */
public final class GuestMemory implements AutoCloseable {
    private final MemoryRegion[] regions;

    public GuestMemory(List<MemoryRegion> regions) {
        this.regions = regions.toArray(MemoryRegion[]::new);
        for (int i = 1; i < this.regions.length; i++) {
            if (this.regions[i].gpa() < this.regions[i - 1].end()) {
                throw new IllegalArgumentException("guest RAM regions overlap or are unordered: " + regions);
            }
        }
    }

    /** Anonymous host memory laid out by {@link RamLayout} for {@code ramBytes} of guest RAM. */
    public static GuestMemory allocate(long ramBytes) {
        List<MemoryRegion> list = RamLayout.ranges(ramBytes).stream()
                .map(r -> new MemoryRegion(r[0], NativeHostMemory.allocate(r[1])))
                .collect(Collectors.toList());
        return new GuestMemory(list);
    }

    /**
     * Host memory from {@code allocator} (bytes -> zeroed memory) laid out by {@link RamLayout};
     * for hypervisors that must provide guest RAM themselves, like HVF.
     */
    public static GuestMemory allocate(long ramBytes, java.util.function.LongFunction<HostMemory> allocator) {
        List<MemoryRegion> list = RamLayout.ranges(ramBytes).stream()
                .map(r -> new MemoryRegion(r[0], allocator.apply(r[1])))
                .collect(Collectors.toList());
        return new GuestMemory(list);
    }

    /** Heap-backed RAM at gpa 0, for tests. */
    public static GuestMemory onHeap(int ramBytes) {
        return new GuestMemory(List.of(new MemoryRegion(0, new HeapHostMemory(ramBytes))));
    }

    public List<MemoryRegion> regions() { return List.of(regions); }

    /** Total bytes of RAM. */
    public long ramSize() {
        long total = 0;
        for (MemoryRegion r : regions) total += r.size();
        return total;
    }

    /** True when {@code [gpa, gpa+len)} is wholly inside one RAM region. */
    public boolean isRam(long gpa, long len) {
        return find(gpa, len) != null;
    }

    private MemoryRegion find(long gpa, long len) {
        for (MemoryRegion r : regions) {
            if (r.contains(gpa, len)) return r;
        }
        return null;
    }

    private MemoryRegion check(long gpa, long len) {
        MemoryRegion r = find(gpa, len);
        if (r == null) throw new GuestMemoryException(gpa, len, describe());
        return r;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (MemoryRegion r : regions) sb.append(sb.length() == 0 ? "" : ", ").append(r);
        return sb.toString();
    }

    public int readU8(long gpa) { MemoryRegion r = check(gpa, 1); return r.host().getByte(gpa - r.gpa()) & 0xff; }
    public int readU16(long gpa) { MemoryRegion r = check(gpa, 2); return r.host().getShort(gpa - r.gpa()) & 0xffff; }
    public long readU32(long gpa) { MemoryRegion r = check(gpa, 4); return r.host().getInt(gpa - r.gpa()) & 0xffff_ffffL; }
    public long readU64(long gpa) { MemoryRegion r = check(gpa, 8); return r.host().getLong(gpa - r.gpa()); }

    public void writeU8(long gpa, int v) { MemoryRegion r = check(gpa, 1); r.host().putByte(gpa - r.gpa(), (byte) v); }
    public void writeU16(long gpa, int v) { MemoryRegion r = check(gpa, 2); r.host().putShort(gpa - r.gpa(), (short) v); }
    public void writeU32(long gpa, long v) { MemoryRegion r = check(gpa, 4); r.host().putInt(gpa - r.gpa(), (int) v); }
    public void writeU64(long gpa, long v) { MemoryRegion r = check(gpa, 8); r.host().putLong(gpa - r.gpa(), v); }

    public void read(long gpa, byte[] dst, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        MemoryRegion r = check(gpa, len);
        r.host().get(gpa - r.gpa(), dst, off, len);
    }

    public byte[] read(long gpa, int len) {
        byte[] b = new byte[len];
        read(gpa, b, 0, len);
        return b;
    }

    public void write(long gpa, byte[] src, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        MemoryRegion r = check(gpa, len);
        r.host().put(gpa - r.gpa(), src, off, len);
    }

    public void write(long gpa, byte[] src) { write(gpa, src, 0, src.length); }

    public void fill(long gpa, long len, int value) {
        MemoryRegion r = check(gpa, len);
        r.host().fill(gpa - r.gpa(), len, (byte) value);
    }

    /**
     * {@code [gpa, gpa+len)} of guest RAM as a buffer sharing it (bounds-checked like every access
     * here: the range must lie in one RAM region). Devices use it for I/O in place, for the length of
     * one request; it must not outlive this memory.
     */
    public java.nio.ByteBuffer view(long gpa, int len) {
        if (len < 0) throw new IllegalArgumentException("negative length " + len);
        MemoryRegion r = check(gpa, len);
        return r.host().view(gpa - r.gpa(), len);
    }

    @Override
    public void close() {
        for (MemoryRegion r : regions) r.host().close();
    }
}

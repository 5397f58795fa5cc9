package io.jhyve.memory;

/** One contiguous range of guest-physical RAM, {@code [gpa, gpa + size)}, and its host memory. */
public record MemoryRegion(long gpa, HostMemory host) {
    public long size() { return host.size(); }

    public long end() { return gpa + host.size(); }

    /** True when {@code [addr, addr+len)} lies wholly inside this region; overflow-safe. */
    public boolean contains(long addr, long len) {
        return len >= 0 && addr >= gpa && addr - gpa <= size() && len <= size() - (addr - gpa);
    }

    @Override
    public String toString() {
        return String.format("[0x%x-0x%x)", gpa, end());
    }
}

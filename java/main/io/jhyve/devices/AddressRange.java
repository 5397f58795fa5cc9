package io.jhyve.devices;

/** A half-open range {@code [base, base + length)} of port or MMIO addresses. */
public record AddressRange(long base, long length) implements Comparable<AddressRange> {
    public AddressRange {
        if (length <= 0) throw new IllegalArgumentException("empty address range at 0x" + Long.toHexString(base));
        if (base + length < base && base + length != 0) {
            throw new IllegalArgumentException("address range wraps: 0x" + Long.toHexString(base));
        }
    }

    public long last() { return base + length - 1; }

    public boolean overlaps(AddressRange o) {
        return Long.compareUnsigned(base, o.last()) <= 0 && Long.compareUnsigned(o.base, last()) <= 0;
    }

    /** True when {@code [addr, addr+size)} lies wholly inside this range. */
    public boolean contains(long addr, int size) {
        long off = addr - base;
        return Long.compareUnsigned(addr, base) >= 0 && Long.compareUnsigned(off, length) < 0
                && size <= length - off;
    }

    @Override
    public int compareTo(AddressRange o) { return Long.compareUnsigned(base, o.base); }

    @Override
    public String toString() { return String.format("0x%x-0x%x", base, last()); }
}

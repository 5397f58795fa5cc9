package io.jhyve.boot;

import io.jhyve.memory.GuestMemory;
import io.jhyve.memory.RamLayout;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One contiguous range of guest RAM, {@code [base, base + size)}. Boot planning works on these
 * rather than on {@link GuestMemory} so that it can plan for any RAM size without allocating it.
 */
public record RamRange(long base, long size) {
    public RamRange {
        if (base < 0 || size <= 0 || base + size < base) {
            throw new IllegalArgumentException(String.format("bad RAM range base 0x%x size 0x%x", base, size));
        }
    }

    public long end() { return base + size; }

    /** The RAM ranges of existing guest memory. */
    public static List<RamRange> of(GuestMemory mem) {
        return mem.regions().stream().map(r -> new RamRange(r.gpa(), r.size())).collect(Collectors.toList());
    }

    /** The ranges {@link RamLayout} would give {@code ramBytes} of RAM. */
    public static List<RamRange> forRamSize(long ramBytes) {
        return RamLayout.ranges(ramBytes).stream().map(r -> new RamRange(r[0], r[1])).collect(Collectors.toList());
    }
}

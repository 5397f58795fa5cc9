package io.jhyve.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Where guest RAM goes in the guest-physical address space. x86 machines keep 3–4 GiB free for
 * device MMIO (the LAPIC at 0xFEE00000, the IOAPIC at 0xFEC00000, our virtio-mmio windows), so RAM
 * beyond 3 GiB continues at 4 GiB.
 */
public final class RamLayout {
    public static final long MMIO_HOLE_START = 0xC000_0000L;
    public static final long MMIO_HOLE_END = 0x1_0000_0000L;

    private RamLayout() { }

    /** The guest-physical ranges, as {@code long[]{gpa, size}} pairs, for {@code ramBytes} of RAM. */
    public static List<long[]> ranges(long ramBytes) {
        if (ramBytes <= 0) throw new IllegalArgumentException("RAM size must be positive: " + ramBytes);
        List<long[]> ranges = new ArrayList<>();
        long low = Math.min(ramBytes, MMIO_HOLE_START);
        ranges.add(new long[] {0, low});
        if (ramBytes > low) ranges.add(new long[] {MMIO_HOLE_END, ramBytes - low});
        return ranges;
    }
}

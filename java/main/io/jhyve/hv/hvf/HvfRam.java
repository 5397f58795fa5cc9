package io.jhyve.hv.hvf;

import com.sun.jna.Pointer;
import io.jhyve.memory.GuestMemory;
import io.jhyve.memory.NativeHostMemory;

/**
 * Guest RAM for HVF, allocated by the shim: one anonymous mapping per RAM range (Apple: the host
 * memory of a mapping must be a single VM region, "typically allocated with mmap"), page aligned,
 * zeroed. The shim allocates because mmap's flags differ between macOS and Linux.
 */
public final class HvfRam {
    private HvfRam() { }

    /** Guest RAM of {@code ramBytes} laid out like on KVM, each range from {@code hvs_ram_alloc}. */
    public static GuestMemory allocate(long ramBytes) {
        return GuestMemory.allocate(ramBytes, HvfRam::range);
    }

    static NativeHostMemory range(long bytes) {
        Pointer p = HvfNative.hvs_ram_alloc(bytes);
        if (p == null) {
            throw new HvfException("mmap", String.format("HVF: could not allocate %d MiB of guest RAM", bytes >> 20));
        }
        return NativeHostMemory.adopt(Pointer.nativeValue(p), bytes,
                (address, size) -> HvfNative.hvs_ram_free(new Pointer(address), size));
    }
}

package io.jhyve.boot;

import io.jhyve.arch.x86.Layout;
import io.jhyve.boot.BootProtocolException.Rule;

import java.util.List;

/**
 * Where a kernel goes in guest-physical memory.
 *
 * @param loadAddress  where the loader copies the kernel (the bzImage payload, or the lowest ELF segment)
 * @param loadSize     bytes the image occupies from loadAddress (bzImage payload, or the span of the ELF segments)
 * @param runtimeStart where the kernel will run from (boot.rst "init_size"), equal to loadAddress
 *                     unless a non-relocatable bzImage moves itself to pref_address
 * @param end          one past the last byte the kernel needs before it reads the memory map:
 *                     nothing else may be placed in [min(loadAddress, runtimeStart), end)
 */
public record KernelPlacement(long loadAddress, long loadSize, long runtimeStart, long end) {

    /**
     * Places a bzImage (boot.rst "kernel_alignment", "relocatable_kernel", "pref_address",
     * "init_size"). A relocatable kernel goes to its pref_address when that is aligned and the whole
     * init_size fits below {@code lowRamEnd}, else to the first kernel_alignment boundary at or
     * above 1 MiB, so that it runs where it is loaded. A non-relocatable kernel is loaded at 1 MiB
     * and moves itself to pref_address, so both ranges must fit.
     */
    static KernelPlacement forBzImage(BzImage kernel, long lowRamEnd) {
        SetupHeader h = kernel.header();
        long payload = kernel.payloadSize();
        long initSize = Math.max(h.initSize(), payload);
        long align = Math.max(h.kernelAlignment(), Layout.PAGE_SIZE);
        long pref = h.prefAddress();
        long load, runtime;
        if (h.relocatableKernel()) {
            boolean prefUsable = pref >= Layout.HIMEM_START && pref % align == 0
                    && pref <= lowRamEnd - initSize;
            load = runtime = prefUsable ? pref : alignUp(Layout.HIMEM_START, align);
        } else {
            load = Layout.HIMEM_START;
            runtime = pref != 0 ? pref : Layout.HIMEM_START;
        }
        long end = Math.max(load + payload, runtime + initSize);
        // Overflow-safe: pref_address is a u64 the file chooses.
        boolean fits = runtime >= Layout.HIMEM_START && runtime <= lowRamEnd && initSize <= lowRamEnd - runtime
                && load + payload <= lowRamEnd;
        if (!fits) {
            throw new BootProtocolException(Rule.KERNEL_FIT, source(kernel), String.format(
                    "kernel does not fit in RAM: it needs [0x%x, 0x%x) (payload %s at 0x%x, init_size %s from 0x%x) "
                            + "but the low RAM region ends at 0x%x (%s)", Math.min(load, runtime), end,
                    Sizes.human(payload), load, Sizes.human(initSize), runtime, lowRamEnd, Sizes.human(lowRamEnd)));
        }
        return new KernelPlacement(load, payload, runtime, end);
    }

    /** Checks that every PT_LOAD segment of a PVH kernel lies in RAM above jhyve's boot structures. */
    static KernelPlacement forPvh(PvhElfKernel kernel, List<RamRange> ram) {
        for (PvhElfKernel.Segment s : kernel.segments()) {
            if (s.paddr() < Layout.HIMEM_START) {
                throw new BootProtocolException(Rule.KERNEL_FIT, kernel.displayName(), String.format(
                        "ELF segment at [0x%x, 0x%x) lies below 1 MiB, where jhyve keeps its boot structures",
                        s.paddr(), s.end()));
            }
            if (ram.stream().noneMatch(r -> s.paddr() >= r.base() && s.end() <= r.end())) {
                throw new BootProtocolException(Rule.KERNEL_FIT, kernel.displayName(), String.format(
                        "ELF segment at [0x%x, 0x%x) is outside guest RAM %s", s.paddr(), s.end(), ram));
            }
        }
        long load = kernel.loadAddress();
        return new KernelPlacement(load, kernel.loadEnd() - load, load, kernel.loadEnd());
    }

    static long alignUp(long v, long align) {
        return (v + align - 1) / align * align;
    }

    private static String source(KernelImage k) {
        return k.displayName() == null || k.displayName().isEmpty() ? null : k.kind() + " " + k.displayName();
    }
}

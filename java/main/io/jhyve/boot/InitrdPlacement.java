package io.jhyve.boot;

import io.jhyve.arch.x86.Layout;
import io.jhyve.boot.BootProtocolException.Rule;

/**
 * Where the initial ramdisk goes: {@code size} bytes at page-aligned {@code address}.
 *
 * @param name the file's display name, for reports; may be empty
 */
public record InitrdPlacement(String name, long address, long size) {
    public long end() { return address + size; }

    /**
     * Places the initrd as high as allowed, the way boot.rst ("mem=") suggests ("an initrd should be
     * placed near end of memory"): ending at or below the end of the low RAM region and, when the
     * kernel gives one, at or below initrd_addr_max (the highest byte it may occupy), and starting
     * at or above {@code kernelEnd} so that the kernel's init_size range stays clear.
     *
     * @param initrdAddrMax the kernel's initrd_addr_max, or -1 when it has none (PVH)
     */
    static InitrdPlacement place(String name, long size, long kernelEnd, long lowRamEnd, long initrdAddrMax) {
        long limit = lowRamEnd;
        boolean addrMaxLimits = initrdAddrMax >= 0 && initrdAddrMax + 1 < lowRamEnd;
        if (addrMaxLimits) limit = initrdAddrMax + 1;
        long floor = KernelPlacement.alignUp(kernelEnd, Layout.PAGE_SIZE);
        long address = size > limit ? -1 : (limit - size) / Layout.PAGE_SIZE * Layout.PAGE_SIZE;
        if (address < floor) {
            String below = addrMaxLimits
                    ? String.format("below the kernel's initrd_addr_max 0x%x (%s)", initrdAddrMax, Sizes.human(limit))
                    : "below " + Sizes.human(limit) + " of RAM";
            String above = size > limit ? "" : String.format(" above the kernel, which ends at 0x%x", kernelEnd);
            throw new BootProtocolException(Rule.INITRD_FIT, name,
                    "initrd of " + Sizes.human(size) + " does not fit " + below + above);
        }
        return new InitrdPlacement(name, address, size);
    }
}

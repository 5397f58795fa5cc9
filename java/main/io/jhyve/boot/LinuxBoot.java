package io.jhyve.boot;

import io.jhyve.arch.x86.BootCpuState;
import io.jhyve.arch.x86.Gdt;
import io.jhyve.arch.x86.Layout;
import io.jhyve.arch.x86.PageTables;
import io.jhyve.memory.GuestMemory;

import java.util.List;
import java.util.Optional;

/**
 * The one entry point the VMM uses to boot Linux: {@link #plan} decides where everything goes
 * without touching memory (for {@code --dry-run}), {@link #load} does the same and then writes the
 * kernel, initrd, command line, boot parameters, GDT and page tables into guest memory and returns
 * the boot vCPU's starting state. Planning errors are {@link BootProtocolException}s naming the
 * file and the rule; nothing is written unless the whole plan holds.
 */
public final class LinuxBoot {
    private LinuxBoot() { }

    /**
     * Plans the boot of {@code kernel} on guest RAM {@code ram}.
     *
     * @param initrdSize bytes of initrd, or 0 for none
     * @param initrdName the initrd's display name for messages and the summary; may be null
     */
    public static BootSummary plan(List<RamRange> ram, KernelImage kernel, long initrdSize, String initrdName,
                                   String cmdline) {
        E820Map e820 = E820Map.forRam(ram);
        long lowRamEnd = ram.get(0).end();
        String initrdSource = initrdName == null ? "" : initrdName;
        if (kernel instanceof BzImage) {
            BzImage bz = (BzImage) kernel;
            KernelPlacement placement = KernelPlacement.forBzImage(bz, lowRamEnd);
            CommandLine line = CommandLine.of(cmdline, bz.header().cmdlineSize());
            Optional<InitrdPlacement> initrd = initrdSize == 0 ? Optional.empty()
                    : Optional.of(InitrdPlacement.place(initrdSource, initrdSize, placement.end(), lowRamEnd,
                            bz.header().initrdAddrMax()));
            return summary(kernel, placement, placement.loadAddress() + 0x200, Layout.ZERO_PAGE, line, initrd, e820);
        }
        PvhElfKernel pvh = (PvhElfKernel) kernel;
        KernelPlacement placement = KernelPlacement.forPvh(pvh, ram);
        CommandLine line = CommandLine.of(cmdline, -1);
        Optional<InitrdPlacement> initrd = initrdSize == 0 ? Optional.empty()
                : Optional.of(InitrdPlacement.place(initrdSource, initrdSize, placement.end(), lowRamEnd, -1));
        return summary(kernel, placement, pvh.entry(), Layout.PVH_START_INFO, line, initrd, e820);
    }

    /** {@link #plan} for {@code ramBytes} of RAM laid out as {@code RamLayout} does. */
    public static BootSummary plan(long ramBytes, KernelImage kernel, long initrdSize, String initrdName,
                                   String cmdline) {
        return plan(RamRange.forRamSize(ramBytes), kernel, initrdSize, initrdName, cmdline);
    }

    /**
     * Plans, then writes everything into {@code mem}. Each boot structure is written whole, so
     * loading again into used memory (a guest reboot) leaves no stale bytes in them.
     *
     * @param initrd the initrd's bytes, or null for none
     */
    public static BootResult load(GuestMemory mem, KernelImage kernel, byte[] initrd, String initrdName,
                                  String cmdline) {
        BootSummary plan = plan(RamRange.of(mem), kernel, initrd == null ? 0 : initrd.length, initrdName, cmdline);
        mem.write(Layout.GDT, Gdt.bytes());
        mem.fill(Layout.BOOT_STACK_BOTTOM, Layout.BOOT_STACK_TOP - Layout.BOOT_STACK_BOTTOM, 0);
        mem.write(plan.cmdlineAddress(), plan.cmdline().withNul());
        plan.initrd().ifPresent(i -> mem.write(i.address(), initrd));
        if (kernel instanceof BzImage) {
            BzImage bz = (BzImage) kernel;
            mem.write(Layout.PML4, PageTables.identityMap4G());
            mem.write(plan.kernel().loadAddress(), bz.image(), (int) bz.payloadOffset(), (int) bz.payloadSize());
            mem.write(plan.bootParams(), ZeroPage.build(bz, plan));
            return new BootResult(BootCpuState.linux64(plan.kernel().loadAddress(), plan.bootParams()), plan);
        }
        PvhElfKernel pvh = (PvhElfKernel) kernel;
        for (PvhElfKernel.Segment s : pvh.segments()) {
            mem.write(s.paddr(), pvh.image(), (int) s.fileOffset(), (int) s.fileSize());
            mem.fill(s.paddr() + s.fileSize(), s.memSize() - s.fileSize(), 0);
        }
        mem.write(plan.bootParams(), HvmStartInfo.build(plan));
        return new BootResult(BootCpuState.pvh32(plan.entry(), plan.bootParams()), plan);
    }

    private static BootSummary summary(KernelImage kernel, KernelPlacement placement, long entry, long bootParams,
                                       CommandLine line, Optional<InitrdPlacement> initrd, E820Map e820) {
        return new BootSummary(kernel.displayName(), kernel.kind(), kernel.protocol(), kernel.versionString(),
                kernel instanceof PvhElfKernel, placement, entry, bootParams, Layout.CMDLINE, line, initrd, e820);
    }
}

package io.jhyve.arch.x86;

import io.jhyve.hv.DescriptorTable;
import io.jhyve.hv.Registers;
import io.jhyve.hv.Segment;
import io.jhyve.hv.SpecialRegisters;

/**
 * The register state a vCPU starts a kernel with. The factories assume the GDT ({@link Gdt}) and,
 * for 64-bit entry, the page tables ({@link PageTables}) are in guest memory at their
 * {@link Layout} addresses.
 */
public record BootCpuState(Registers regs, SpecialRegisters sregs) {
    /**
     * IA32_APIC_BASE at reset (SDM Vol. 3 §10.4.4): xAPIC at 0xFEE00000, enabled, this is the BSP.
     * Spelled out because writing the special registers also writes this MSR.
     */
    public static final long APIC_BASE_DEFAULT = 0xfee0_0000L | 1L << 11 | 1L << 8;
    /** IA32_APIC_BASE bit 11, APIC global enable (SDM Vol. 3 §11.4.3). */
    public static final long APIC_BASE_ENABLE = 1L << 11;

    /**
     * An empty IDT: with interrupts off the kernel takes no vector before it loads its own IDT, and
     * if it faults anyway the resulting triple fault shows up as a clean shutdown exit.
     */
    private static final DescriptorTable NO_IDT = new DescriptorTable(0, 0);

    private static final long CR0_64 = SpecialRegisters.CR0_PE | SpecialRegisters.CR0_ET
            | SpecialRegisters.CR0_NE | SpecialRegisters.CR0_PG;

    /**
     * Entry state of boot.rst "64-bit Boot Protocol": long mode with paging on over the identity
     * map, CS = __BOOT_CS, DS/ES/SS (and FS/GS) = __BOOT_DS, interrupts off (RFLAGS holds only its
     * reserved bit), RSI = the zero page, RIP = startup_64 at {@code kernelLoad + 0x200}.
     */
    public static BootCpuState linux64(long kernelLoad, long zeroPage) {
        Registers regs = Registers.zero()
                .withRip(kernelLoad + 0x200)
                .withRsi(zeroPage)
                .withRsp(Layout.BOOT_STACK_TOP);
        Segment cs = Gdt.bootCode64(), ds = Gdt.bootData();
        SpecialRegisters sregs = new SpecialRegisters(cs, ds, ds, ds, ds, ds, Gdt.tss(), Gdt.nullLdt(),
                Gdt.register(Layout.GDT), NO_IDT,
                CR0_64, 0, Layout.PML4, SpecialRegisters.CR4_PAE, 0,
                SpecialRegisters.EFER_LME | SpecialRegisters.EFER_LMA, APIC_BASE_DEFAULT);
        return new BootCpuState(regs, sregs);
    }

    /**
     * Entry state of the PVH boot ABI (Xen docs/misc/pvh.pandoc): 32-bit protected mode, paging
     * off, flat 4 GiB CS (read/execute) and DS/ES/SS (read/write), CR4 = 0, EFER = 0, interrupts
     * off, EBX = the guest-physical address of struct hvm_start_info, EIP = the entry from the
     * kernel's XEN_ELFNOTE_PHYS32_ENTRY note.
     */
    public static BootCpuState pvh32(long entry, long startInfo) {
        Registers regs = Registers.zero()
                .withRip(entry)
                .withRbx(startInfo)
                .withRsp(Layout.BOOT_STACK_TOP);
        Segment cs = Gdt.code32(), ds = Gdt.bootData();
        SpecialRegisters sregs = new SpecialRegisters(cs, ds, ds, ds, ds, ds, Gdt.tss(), Gdt.nullLdt(),
                Gdt.register(Layout.GDT), NO_IDT,
                SpecialRegisters.CR0_PE | SpecialRegisters.CR0_ET, 0, 0, 0, 0, 0, APIC_BASE_DEFAULT);
        return new BootCpuState(regs, sregs);
    }

    /**
     * This state on a machine without a local APIC: IA32_APIC_BASE with the global enable clear.
     * That is what a processor whose APIC is off looks like (SDM Vol. 3 §11.4.3: CPUID.01H:EDX.APIC
     * then reads 0), and KVM derives that CPUID bit from this MSR whatever the VMM's CPUID table says.
     * With the bit left set, Linux took the APIC for present and spent 45 s reading an absent page.
     */
    public BootCpuState withoutLocalApic() {
        return new BootCpuState(regs, sregs.withApicBase(sregs.apicBase() & ~APIC_BASE_ENABLE));
    }

    /** CR0 after INIT (SDM Vol. 3 §10.1.1, Table 10-1): CD, NW and ET set, protection and paging off. */
    static final long CR0_AFTER_INIT = 0x6000_0010L;

    /**
     * The state an application processor starts in after INIT and a STARTUP message with
     * {@code vector} (SDM Vol. 3 §9.4.4.2, §11.6.1): real mode, CS selector {@code vector << 8} with base
     * {@code vector << 12}, IP 0, data segments at 0, 64 KiB limits; IA32_APIC_BASE without the BSP flag.
     */
    public static BootCpuState startupIpi(int vector) {
        int page = vector & 0xff;
        Segment cs = new Segment((long) page << 12, 0xffff, page << 8, 0xb, true, 0, false, true, false, false, false, false);
        Segment ds = new Segment(0, 0xffff, 0, 0x3, true, 0, false, true, false, false, false, false);
        Segment tr = new Segment(0, 0xffff, 0, 0xb, true, 0, false, false, false, false, false, false);
        Segment ldt = new Segment(0, 0xffff, 0, 0x2, true, 0, false, false, false, false, false, false);
        DescriptorTable realMode = new DescriptorTable(0, 0xffff);
        SpecialRegisters sregs = new SpecialRegisters(cs, ds, ds, ds, ds, ds, tr, ldt, realMode, realMode,
                CR0_AFTER_INIT, 0, 0, 0, 0, 0, APIC_BASE_DEFAULT & ~(1L << 8));
        return new BootCpuState(Registers.zero(), sregs);
    }
}

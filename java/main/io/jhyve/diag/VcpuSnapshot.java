package io.jhyve.diag;

import io.jhyve.hv.Registers;
import io.jhyve.hv.SpecialRegisters;

/** A vCPU's registers as read on its own thread at its last exit that was not port or MMIO I/O. */
public record VcpuSnapshot(int id, Registers regs, SpecialRegisters sregs) {
    /** RFLAGS.IF (SDM Vol. 1 §3.4.3). */
    public boolean interruptsEnabled() { return (regs.rflags() & (1L << 9)) != 0; }

    /** The current privilege level: CS.RPL in protected mode (SDM Vol. 3 §5.5). */
    public int cpl() { return sregs.protectedMode() ? sregs.cs().selector() & 3 : 0; }

    /**
     * True for the architectural reset state (SDM Vol. 3 §9.1.1: CS.base 0xffff0000, RIP 0xfff0, real
     * mode). KVM on AMD reinitialises the vCPU when it intercepts a shutdown (the VMCB is undefined
     * after one, AMD APM Vol. 2 §15.12), so after a triple fault there the registers say nothing
     * about where the guest was.
     */
    public boolean isResetState() {
        return regs.rip() == 0xfff0 && !sregs.protectedMode() && sregs.cs().base() == 0xffff_0000L;
    }

    /** RIP, CR0, CR3, CR4 and EFER as the closing line quotes them. */
    public String controlRegisters() {
        return String.format("RIP 0x%x, CR0=0x%x CR3=0x%x CR4=0x%x EFER=0x%x",
                regs.rip(), sregs.cr0(), sregs.cr3(), sregs.cr4(), sregs.efer());
    }
}

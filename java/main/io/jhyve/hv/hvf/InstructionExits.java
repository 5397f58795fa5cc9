package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.HvX86Reg.*;
import static io.jhyve.hv.hvf.VmcsField.*;

import io.jhyve.hv.SpecialRegisters;

/**
 * The exits jhyve completes without leaving the vCPU thread's run loop: CPUID, RDMSR, WRMSR,
 * XSETBV, control-register accesses, MONITOR/MWAIT/RDPMC and the VMX instructions. Each handler
 * adds its register writes to the batch (including the RIP advance) or injects an exception the
 * way the processor would raise it.
 */
final class InstructionExits {
    /** VM-entry interruption information (SDM Vol. 3C §24.8.3): valid, hardware exception, error code. */
    static final long INTR_INFO_VALID = 1L << 31, INTR_TYPE_HARDWARE_EXCEPTION = 3L << 8, INTR_DELIVER_ERROR_CODE = 1L << 11;
    static final int VECTOR_UD = 6, VECTOR_GP = 13;
    /** XCR0 bits: x87 (0), SSE (1), AVX (2) (SDM Vol. 1 §13.3). */
    static final long XCR0_X87 = 1, XCR0_SSE = 2, XCR0_AVX = 4;

    private final HvfVcpu vcpu;
    private final ControlRegisterPolicy cr;
    private final VmxControls controls;
    private final long hostXcr0;

    InstructionExits(HvfVcpu vcpu, ControlRegisterPolicy cr, VmxControls controls, long hostXcr0) {
        this.vcpu = vcpu;
        this.cr = cr;
        this.controls = controls;
        this.hostXcr0 = hostXcr0;
    }

    /** Handles the exit if it is one of the instruction exits; false if the caller must. */
    boolean handle(ExitSnapshot s, VmcsBatch out) {
        switch (s.basicReason()) {
            case ExitReason.CPUID -> cpuid(s, out);
            case ExitReason.RDMSR -> rdmsr(s, out);
            case ExitReason.WRMSR -> wrmsr(s, out);
            case ExitReason.XSETBV -> xsetbv(s, out);
            case ExitReason.CONTROL_REGISTER_ACCESS -> crAccess(s, out);
            case ExitReason.MWAIT, ExitReason.MONITOR -> advance(s, out); // hidden in CPUID: a NOP
            case ExitReason.RDPMC -> advance(s, out.register(HV_X86_RAX, 0).register(HV_X86_RDX, 0));
            case ExitReason.VMCALL, ExitReason.VMCLEAR, ExitReason.VMLAUNCH, ExitReason.VMPTRLD, ExitReason.VMPTRST,
                    ExitReason.VMREAD, ExitReason.VMRESUME, ExitReason.VMWRITE, ExitReason.VMXOFF, ExitReason.VMXON,
                    ExitReason.INVEPT, ExitReason.INVVPID, ExitReason.VMFUNC, ExitReason.GETSEC -> inject(out, VECTOR_UD, false);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** RIP past the instruction, and no STI/MOV-SS blocking left over (SDM §24.4.2: it covers one instruction). */
    static void advance(ExitSnapshot s, VmcsBatch out) {
        out.vmcs(GUEST_RIP, s.get(ExitSnapshot.RIP) + s.get(ExitSnapshot.LENGTH))
                .vmcs(GUEST_INTERRUPTIBILITY_STATE, s.get(ExitSnapshot.INTERRUPTIBILITY) & ~3L);
    }

    static void inject(VmcsBatch out, int vector, boolean errorCode) {
        out.vmcs(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD, vector | INTR_TYPE_HARDWARE_EXCEPTION | INTR_INFO_VALID
                | (errorCode ? INTR_DELIVER_ERROR_CODE : 0));
        if (errorCode) out.vmcs(VM_ENTRY_EXCEPTION_ERROR_CODE, 0);
    }

    private void cpuid(ExitSnapshot s, VmcsBatch out) {
        int[] r = vcpu.cpuidModel().answer((int) s.get(ExitSnapshot.RAX), (int) s.get(ExitSnapshot.RCX), s.guestCr4(cr));
        out.register(HV_X86_RAX, r[0] & 0xffff_ffffL).register(HV_X86_RBX, r[1] & 0xffff_ffffL)
                .register(HV_X86_RCX, r[2] & 0xffff_ffffL).register(HV_X86_RDX, r[3] & 0xffff_ffffL);
        advance(s, out);
    }

    private void rdmsr(ExitSnapshot s, VmcsBatch out) {
        int index = (int) s.get(ExitSnapshot.RCX);
        long value;
        if (index == MsrModel.IA32_EFER) {
            value = s.get(ExitSnapshot.EFER);
        } else if (index == MsrModel.IA32_PAT) {
            value = vcpu.read(HvfNative.vmcs(GUEST_IA32_PAT));
        } else if (vcpu.msrModel().read(index) instanceof MsrModel.Result.Value v) {
            value = v.value();
        } else {
            inject(out, VECTOR_GP, true);
            return;
        }
        out.register(HV_X86_RAX, value & 0xffff_ffffL).register(HV_X86_RDX, value >>> 32);
        advance(s, out);
    }

    private void wrmsr(ExitSnapshot s, VmcsBatch out) {
        int index = (int) s.get(ExitSnapshot.RCX);
        long value = (s.get(ExitSnapshot.RDX) << 32) | (s.get(ExitSnapshot.RAX) & 0xffff_ffffL);
        boolean ok;
        if (index == MsrModel.IA32_EFER) {
            Long efer = LongMode.eferAfterWrmsr(s.get(ExitSnapshot.EFER), value, s.guestCr0(cr));
            ok = efer != null;
            if (ok) out.vmcs(GUEST_IA32_EFER, efer).vmcs(VM_ENTRY_CONTROLS, controls.entryFor(efer));
        } else if (index == MsrModel.IA32_PAT) {
            ok = validPat(value);
            if (ok) out.vmcs(GUEST_IA32_PAT, value);
        } else {
            ok = vcpu.msrModel().write(index, value) instanceof MsrModel.Result.Written;
        }
        if (ok) advance(s, out);
        else inject(out, VECTOR_GP, true);
    }

    /** PAT entries must be UC, WC, WT, WP, WB or UC- (types 0, 1, 4, 5, 6, 7; SDM Vol. 3A §11.12.2). */
    static boolean validPat(long pat) {
        for (int i = 0; i < 8; i++) {
            long t = (pat >>> (8 * i)) & 0xff;
            if (t == 2 || t == 3 || t > 7) return false;
        }
        return true;
    }

    /** XSETBV (SDM Vol. 2C): ECX = 0, x87 always on, AVX only with SSE, only features the host has. */
    private void xsetbv(ExitSnapshot s, VmcsBatch out) {
        long value = (s.get(ExitSnapshot.RDX) << 32) | (s.get(ExitSnapshot.RAX) & 0xffff_ffffL);
        boolean ok = (s.get(ExitSnapshot.RCX) & 0xffff_ffffL) == 0 && (value & XCR0_X87) != 0
                && ((value & XCR0_AVX) == 0 || (value & XCR0_SSE) != 0) && (value & ~hostXcr0) == 0;
        if (!ok) {
            inject(out, VECTOR_GP, true);
            return;
        }
        out.register(HV_X86_XCR0, value);
        advance(s, out);
    }

    private void crAccess(ExitSnapshot s, VmcsBatch out) {
        CrAccessExit q = CrAccessExit.decode(s.get(ExitSnapshot.QUALIFICATION));
        long cr0 = s.guestCr0(cr);
        switch (q.type()) {
            case MOV_TO_CR -> movToCr(s, q.cr(), vcpu.gpr(q.gpr()), out);
            case MOV_FROM_CR -> {
                long v = q.cr() == 3 ? s.get(ExitSnapshot.CR3) : 0; // CR8: no local APIC, TPR reads 0
                vcpu.setGpr(out, q.gpr(), v);
                advance(s, out);
            }
            case CLTS -> movToCr(s, 0, cr0 & ~(1L << 3), out);
            // LMSW loads CR0 bits 3:0 but cannot clear PE (SDM Vol. 2A, LMSW).
            case LMSW -> movToCr(s, 0, (cr0 & ~0xfL) | (q.lmswSource() & 0xf) | (cr0 & SpecialRegisters.CR0_PE), out);
        }
    }

    private void movToCr(ExitSnapshot s, int n, long value, VmcsBatch out) {
        switch (n) {
            case 0 -> {
                Long efer = LongMode.eferAfterCr0Write(s.get(ExitSnapshot.EFER), s.guestCr0(cr), value, s.guestCr4(cr));
                if (efer == null) {
                    inject(out, VECTOR_GP, true);
                    return;
                }
                out.vmcs(CR0_READ_SHADOW, value).vmcs(GUEST_CR0, cr.cr0Actual(value))
                        .vmcs(GUEST_IA32_EFER, efer).vmcs(VM_ENTRY_CONTROLS, controls.entryFor(efer));
                if ((efer & SpecialRegisters.EFER_LMA) != 0) {
                    // IA-32e mode requires TR to be a busy 64-bit TSS (SDM §26.3.1.2): type 11.
                    long tr = vcpu.read(HvfNative.vmcs(GUEST_TR_ACCESS_RIGHTS));
                    out.vmcs(GUEST_TR_ACCESS_RIGHTS, (tr & ~0xfL) | 11);
                }
            }
            case 3 -> out.vmcs(GUEST_CR3, value & ~(1L << 63)); // bit 63: PCID no-flush hint, not stored
            case 4 -> out.vmcs(CR4_READ_SHADOW, value).vmcs(GUEST_CR4, cr.cr4Actual(value));
            case 8 -> { } // TPR without a local APIC: ignored
            default -> {
                inject(out, VECTOR_UD, false);
                return;
            }
        }
        vcpu.invalidateTlbAfter(out);
        advance(s, out);
    }
}

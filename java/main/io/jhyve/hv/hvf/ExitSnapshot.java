package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.HvX86Reg.*;
import static io.jhyve.hv.hvf.VmcsField.*;

/**
 * The VMCS fields and registers read once per exit, in one shim call: the exit information (SDM
 * Vol. 3C §24.9) and the guest state most exits need. Indexes into {@link #values} are the
 * constants below; {@link #IDS} is what gets read.
 */
final class ExitSnapshot {
    static final int REASON = 0, QUALIFICATION = 1, LENGTH = 2, INFO = 3, GPA = 4, GLA = 5, RIP = 6, RFLAGS = 7,
            RAX = 8, RCX = 9, RDX = 10, CR0 = 11, CR0_SHADOW = 12, CR4 = 13, CR4_SHADOW = 14, CR3 = 15, EFER = 16,
            CS_AR = 17, CS_BASE = 18, INTERRUPTIBILITY = 19, RSI = 20, RDI = 21, IDT_VECTORING = 22,
            IDT_VECTORING_ERROR = 23;

    static final int[] IDS = {
        HvfNative.vmcs(EXIT_REASON), HvfNative.vmcs(EXIT_QUALIFICATION), HvfNative.vmcs(VM_EXIT_INSTRUCTION_LENGTH),
        HvfNative.vmcs(VM_EXIT_INSTRUCTION_INFORMATION), HvfNative.vmcs(GUEST_PHYSICAL_ADDRESS),
        HvfNative.vmcs(GUEST_LINEAR_ADDRESS), HvfNative.vmcs(GUEST_RIP), HvfNative.vmcs(GUEST_RFLAGS),
        HV_X86_RAX, HV_X86_RCX, HV_X86_RDX, HvfNative.vmcs(GUEST_CR0), HvfNative.vmcs(CR0_READ_SHADOW),
        HvfNative.vmcs(GUEST_CR4), HvfNative.vmcs(CR4_READ_SHADOW), HvfNative.vmcs(GUEST_CR3),
        HvfNative.vmcs(GUEST_IA32_EFER), HvfNative.vmcs(GUEST_CS_ACCESS_RIGHTS), HvfNative.vmcs(GUEST_CS_BASE),
        HvfNative.vmcs(GUEST_INTERRUPTIBILITY_STATE), HV_X86_RSI, HV_X86_RDI,
        HvfNative.vmcs(IDT_VECTORING_INFORMATION_FIELD), HvfNative.vmcs(IDT_VECTORING_ERROR_CODE),
    };

    final long[] values = new long[IDS.length];

    long get(int index) { return values[index]; }

    int basicReason() { return ExitReason.basic(values[REASON]); }

    /** The guest's view of CR0/CR4 (masked bits from the read shadow). */
    long guestCr0(ControlRegisterPolicy cr) { return ControlRegisterPolicy.guestView(values[CR0], cr.cr0Mask(), values[CR0_SHADOW]); }

    long guestCr4(ControlRegisterPolicy cr) { return ControlRegisterPolicy.guestView(values[CR4], cr.cr4Mask(), values[CR4_SHADOW]); }

    /** The code segment's default size: 64-bit with CS.L in IA-32e mode, else CS.D/B (SDM Vol. 3A §5.2.1). */
    MmioDecoder.Mode codeMode() {
        long ar = values[CS_AR];
        if ((values[EFER] & io.jhyve.hv.SpecialRegisters.EFER_LMA) != 0 && (ar & SegmentAccessRights.AR_L) != 0) {
            return MmioDecoder.Mode.BITS64;
        }
        return (ar & SegmentAccessRights.AR_DB) != 0 ? MmioDecoder.Mode.BITS32 : MmioDecoder.Mode.BITS16;
    }
}

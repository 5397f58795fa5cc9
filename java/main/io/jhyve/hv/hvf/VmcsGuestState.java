package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.HvX86Reg.*;
import static io.jhyve.hv.hvf.VmcsField.*;

import io.jhyve.hv.DescriptorTable;
import io.jhyve.hv.Registers;
import io.jhyve.hv.Segment;
import io.jhyve.hv.SpecialRegisters;

/**
 * The whole guest-state area of the VMCS from jhyve's register records. HVF documents nothing
 * about a new vCPU's VMCS contents, so setting the special registers writes every guest-state
 * field VM entry checks (SDM Vol. 3C §24.4, §26.3), not only the ones that differ from reset.
 * General-purpose registers, CR2 and XCR0 have no VMCS field and go through HVF's register calls.
 */
public final class VmcsGuestState {
    /** IA32_PAT at power-on (SDM Vol. 3A §11.12.4): WB, WT, UC-, UC repeated. */
    public static final long PAT_POWER_ON = 0x0007_0406_0007_0406L;
    /** DR7 at power-on (SDM Vol. 3B §17.2.4): only the reserved bit 10 set. */
    public static final long DR7_POWER_ON = 0x400;
    /** XCR0 with only x87 state enabled, the architectural reset value (SDM Vol. 1 §13.3). */
    public static final long XCR0_X87 = 1;
    /** "Not used" VMCS link pointer (SDM §26.3.1.5 checks it only when it is not all ones). */
    public static final long VMCS_LINK_POINTER_NONE = ~0L;

    /** Per segment register: selector, base, limit and access-rights fields, in ES CS SS DS FS GS LDTR TR order. */
    static final int[][] SEGMENT_FIELDS = {
        {GUEST_ES_SELECTOR, GUEST_ES_BASE, GUEST_ES_LIMIT, GUEST_ES_ACCESS_RIGHTS},
        {GUEST_CS_SELECTOR, GUEST_CS_BASE, GUEST_CS_LIMIT, GUEST_CS_ACCESS_RIGHTS},
        {GUEST_SS_SELECTOR, GUEST_SS_BASE, GUEST_SS_LIMIT, GUEST_SS_ACCESS_RIGHTS},
        {GUEST_DS_SELECTOR, GUEST_DS_BASE, GUEST_DS_LIMIT, GUEST_DS_ACCESS_RIGHTS},
        {GUEST_FS_SELECTOR, GUEST_FS_BASE, GUEST_FS_LIMIT, GUEST_FS_ACCESS_RIGHTS},
        {GUEST_GS_SELECTOR, GUEST_GS_BASE, GUEST_GS_LIMIT, GUEST_GS_ACCESS_RIGHTS},
        {GUEST_LDTR_SELECTOR, GUEST_LDTR_BASE, GUEST_LDTR_LIMIT, GUEST_LDTR_ACCESS_RIGHTS},
        {GUEST_TR_SELECTOR, GUEST_TR_BASE, GUEST_TR_LIMIT, GUEST_TR_ACCESS_RIGHTS},
    };

    /** Fields read back for {@link #readSpecial}, in this order. */
    static final int[] SPECIAL_FIELDS = specialFields();

    /** General-purpose registers in {@link Registers} component order, then RIP and RFLAGS (VMCS). */
    static final int[] GPRS = {HV_X86_RAX, HV_X86_RBX, HV_X86_RCX, HV_X86_RDX, HV_X86_RSI, HV_X86_RDI,
        HV_X86_RSP, HV_X86_RBP, HV_X86_R8, HV_X86_R9, HV_X86_R10, HV_X86_R11, HV_X86_R12, HV_X86_R13,
        HV_X86_R14, HV_X86_R15};

    private VmcsGuestState() { }

    public static void writeRegisters(VmcsBatch b, Registers r) {
        long[] v = {r.rax(), r.rbx(), r.rcx(), r.rdx(), r.rsi(), r.rdi(), r.rsp(), r.rbp(),
            r.r8(), r.r9(), r.r10(), r.r11(), r.r12(), r.r13(), r.r14(), r.r15()};
        for (int i = 0; i < GPRS.length; i++) b.register(GPRS[i], v[i]);
        b.vmcs(GUEST_RSP, r.rsp()).vmcs(GUEST_RIP, r.rip()).vmcs(GUEST_RFLAGS, r.rflags());
    }

    /** Ids whose values {@link #readRegisters} expects, in order. */
    public static int[] registerIds() {
        int[] ids = new int[GPRS.length + 2];
        for (int i = 0; i < GPRS.length; i++) ids[i] = HvfNative.HVS_REG | GPRS[i];
        ids[GPRS.length] = HvfNative.vmcs(GUEST_RIP);
        ids[GPRS.length + 1] = HvfNative.vmcs(GUEST_RFLAGS);
        return ids;
    }

    public static Registers readRegisters(long[] v) {
        return new Registers(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                v[13], v[14], v[15], v[16], v[17]);
    }

    /**
     * Every guest-state field for {@code s}: segments, descriptor tables, control registers with
     * their masks and shadows, EFER with the matching "IA-32e mode guest" entry control, and the
     * power-on values of the fields jhyve's records do not carry.
     */
    public static void writeSpecial(VmcsBatch b, SpecialRegisters s, ControlRegisterPolicy cr, VmxControls controls) {
        Segment[] segs = {s.es(), s.cs(), s.ss(), s.ds(), s.fs(), s.gs(), s.ldt(), s.tr()};
        for (int i = 0; i < segs.length; i++) {
            int[] f = SEGMENT_FIELDS[i];
            b.vmcs(f[0], segs[i].selector()).vmcs(f[1], segs[i].base())
                    .vmcs(f[2], segs[i].limit() & 0xffff_ffffL).vmcs(f[3], SegmentAccessRights.pack(segs[i]));
        }
        b.vmcs(GUEST_GDTR_BASE, s.gdt().base()).vmcs(GUEST_GDTR_LIMIT, s.gdt().limit())
                .vmcs(GUEST_IDTR_BASE, s.idt().base()).vmcs(GUEST_IDTR_LIMIT, s.idt().limit());
        b.vmcs(CR0_GUEST_HOST_MASK, cr.cr0Mask()).vmcs(CR0_READ_SHADOW, s.cr0()).vmcs(GUEST_CR0, cr.cr0Actual(s.cr0()))
                .vmcs(CR4_GUEST_HOST_MASK, cr.cr4Mask()).vmcs(CR4_READ_SHADOW, s.cr4()).vmcs(GUEST_CR4, cr.cr4Actual(s.cr4()))
                .vmcs(GUEST_CR3, s.cr3()).register(HV_X86_CR2, s.cr2());
        b.vmcs(GUEST_IA32_EFER, s.efer()).vmcs(VM_ENTRY_CONTROLS, controls.entryFor(s.efer()));
        b.vmcs(GUEST_IA32_PAT, PAT_POWER_ON).vmcs(GUEST_IA32_DEBUGCTL, 0).vmcs(GUEST_DR7, DR7_POWER_ON)
                .vmcs(GUEST_IA32_SYSENTER_CS, 0).vmcs(GUEST_IA32_SYSENTER_ESP, 0).vmcs(GUEST_IA32_SYSENTER_EIP, 0)
                .vmcs(GUEST_INTERRUPTIBILITY_STATE, 0).vmcs(GUEST_ACTIVITY_STATE, 0)
                .vmcs(GUEST_PENDING_DEBUG_EXCEPTIONS, 0).vmcs(VMCS_LINK_POINTER, VMCS_LINK_POINTER_NONE)
                .vmcs(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD, 0)
                .register(HV_X86_XCR0, XCR0_X87);
    }

    private static int[] specialFields() {
        int[] ids = new int[SEGMENT_FIELDS.length * 4 + 10];
        int n = 0;
        for (int[] f : SEGMENT_FIELDS) for (int x : f) ids[n++] = x;
        for (int x : new int[] {GUEST_GDTR_BASE, GUEST_GDTR_LIMIT, GUEST_IDTR_BASE, GUEST_IDTR_LIMIT,
            GUEST_CR0, CR0_GUEST_HOST_MASK, CR0_READ_SHADOW, GUEST_CR3, GUEST_CR4, GUEST_IA32_EFER}) {
            ids[n++] = x;
        }
        return ids;
    }

    /** Ids for {@link #readSpecial}: {@link #SPECIAL_FIELDS} as VMCS ids, then CR4 mask and shadow, CR2. */
    public static int[] specialIds() {
        int[] ids = new int[SPECIAL_FIELDS.length + 3];
        for (int i = 0; i < SPECIAL_FIELDS.length; i++) ids[i] = HvfNative.vmcs(SPECIAL_FIELDS[i]);
        ids[SPECIAL_FIELDS.length] = HvfNative.vmcs(CR4_GUEST_HOST_MASK);
        ids[SPECIAL_FIELDS.length + 1] = HvfNative.vmcs(CR4_READ_SHADOW);
        ids[SPECIAL_FIELDS.length + 2] = HvfNative.HVS_REG | HV_X86_CR2;
        return ids;
    }

    /** The guest's view of its special registers from values read with {@link #specialIds()}. */
    public static SpecialRegisters readSpecial(long[] v, long apicBase) {
        Segment[] segs = new Segment[8];
        for (int i = 0; i < 8; i++) {
            segs[i] = SegmentAccessRights.unpack((int) v[4 * i], v[4 * i + 1], (int) v[4 * i + 2], (int) v[4 * i + 3]);
        }
        int k = 32;
        DescriptorTable gdt = new DescriptorTable(v[k], (int) v[k + 1]);
        DescriptorTable idt = new DescriptorTable(v[k + 2], (int) v[k + 3]);
        long cr0 = ControlRegisterPolicy.guestView(v[k + 4], v[k + 5], v[k + 6]);
        long cr3 = v[k + 7];
        long cr4 = ControlRegisterPolicy.guestView(v[k + 8], v[k + 10], v[k + 11]);
        long efer = v[k + 9];
        return new SpecialRegisters(segs[1], segs[3], segs[0], segs[4], segs[5], segs[2], segs[7], segs[6], gdt, idt,
                cr0, v[k + 12], cr3, cr4, 0, efer, apicBase);
    }
}

package io.jhyve.hv.hvf;

/**
 * VMCS field encodings (Intel SDM Vol. 3C, Appendix B "Field Encoding in VMCS"), named after the
 * SDM's field names. HVF's {@code hv_vmx_vcpu_read_vmcs/write_vmcs} take these encodings as they
 * are. Bits 11:10 of an encoding give the field's type; HVF owns the host-state fields and the
 * exit-information fields are read-only, so jhyve writes only control and guest-state fields.
 */
public final class VmcsField {
    private VmcsField() { }

    // B.1.2 16-bit guest-state fields
    public static final int GUEST_ES_SELECTOR = 0x0800, GUEST_CS_SELECTOR = 0x0802, GUEST_SS_SELECTOR = 0x0804,
            GUEST_DS_SELECTOR = 0x0806, GUEST_FS_SELECTOR = 0x0808, GUEST_GS_SELECTOR = 0x080a,
            GUEST_LDTR_SELECTOR = 0x080c, GUEST_TR_SELECTOR = 0x080e;

    // B.2.1 64-bit control fields
    public static final int TSC_OFFSET = 0x2010;
    // B.2.2 64-bit read-only data field
    public static final int GUEST_PHYSICAL_ADDRESS = 0x2400;
    // B.2.3 64-bit guest-state fields
    public static final int VMCS_LINK_POINTER = 0x2800, GUEST_IA32_DEBUGCTL = 0x2802, GUEST_IA32_PAT = 0x2804,
            GUEST_IA32_EFER = 0x2806, GUEST_PDPTE0 = 0x280a, GUEST_PDPTE1 = 0x280c, GUEST_PDPTE2 = 0x280e,
            GUEST_PDPTE3 = 0x2810;

    // B.3.1 32-bit control fields
    public static final int PIN_BASED_VM_EXECUTION_CONTROLS = 0x4000,
            PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS = 0x4002, EXCEPTION_BITMAP = 0x4004,
            PAGE_FAULT_ERROR_CODE_MASK = 0x4006, PAGE_FAULT_ERROR_CODE_MATCH = 0x4008, CR3_TARGET_COUNT = 0x400a,
            VM_EXIT_CONTROLS = 0x400c, VM_ENTRY_CONTROLS = 0x4012,
            VM_ENTRY_INTERRUPTION_INFORMATION_FIELD = 0x4016, VM_ENTRY_EXCEPTION_ERROR_CODE = 0x4018,
            VM_ENTRY_INSTRUCTION_LENGTH = 0x401a, TPR_THRESHOLD = 0x401c,
            SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS = 0x401e;
    // B.3.2 32-bit read-only data fields
    public static final int VM_INSTRUCTION_ERROR = 0x4400, EXIT_REASON = 0x4402,
            VM_EXIT_INTERRUPTION_INFORMATION = 0x4404, VM_EXIT_INTERRUPTION_ERROR_CODE = 0x4406,
            IDT_VECTORING_INFORMATION_FIELD = 0x4408, IDT_VECTORING_ERROR_CODE = 0x440a,
            VM_EXIT_INSTRUCTION_LENGTH = 0x440c, VM_EXIT_INSTRUCTION_INFORMATION = 0x440e;
    // B.3.3 32-bit guest-state fields
    public static final int GUEST_ES_LIMIT = 0x4800, GUEST_CS_LIMIT = 0x4802, GUEST_SS_LIMIT = 0x4804,
            GUEST_DS_LIMIT = 0x4806, GUEST_FS_LIMIT = 0x4808, GUEST_GS_LIMIT = 0x480a, GUEST_LDTR_LIMIT = 0x480c,
            GUEST_TR_LIMIT = 0x480e, GUEST_GDTR_LIMIT = 0x4810, GUEST_IDTR_LIMIT = 0x4812,
            GUEST_ES_ACCESS_RIGHTS = 0x4814, GUEST_CS_ACCESS_RIGHTS = 0x4816, GUEST_SS_ACCESS_RIGHTS = 0x4818,
            GUEST_DS_ACCESS_RIGHTS = 0x481a, GUEST_FS_ACCESS_RIGHTS = 0x481c, GUEST_GS_ACCESS_RIGHTS = 0x481e,
            GUEST_LDTR_ACCESS_RIGHTS = 0x4820, GUEST_TR_ACCESS_RIGHTS = 0x4822,
            GUEST_INTERRUPTIBILITY_STATE = 0x4824, GUEST_ACTIVITY_STATE = 0x4826, GUEST_SMBASE = 0x4828,
            GUEST_IA32_SYSENTER_CS = 0x482a;

    // B.4.1 natural-width control fields
    public static final int CR0_GUEST_HOST_MASK = 0x6000, CR4_GUEST_HOST_MASK = 0x6002,
            CR0_READ_SHADOW = 0x6004, CR4_READ_SHADOW = 0x6006;
    // B.4.2 natural-width read-only data fields
    public static final int EXIT_QUALIFICATION = 0x6400, GUEST_LINEAR_ADDRESS = 0x640a;
    // B.4.3 natural-width guest-state fields
    public static final int GUEST_CR0 = 0x6800, GUEST_CR3 = 0x6802, GUEST_CR4 = 0x6804, GUEST_ES_BASE = 0x6806,
            GUEST_CS_BASE = 0x6808, GUEST_SS_BASE = 0x680a, GUEST_DS_BASE = 0x680c, GUEST_FS_BASE = 0x680e,
            GUEST_GS_BASE = 0x6810, GUEST_LDTR_BASE = 0x6812, GUEST_TR_BASE = 0x6814, GUEST_GDTR_BASE = 0x6816,
            GUEST_IDTR_BASE = 0x6818, GUEST_DR7 = 0x681a, GUEST_RSP = 0x681c, GUEST_RIP = 0x681e,
            GUEST_RFLAGS = 0x6820, GUEST_PENDING_DEBUG_EXCEPTIONS = 0x6822, GUEST_IA32_SYSENTER_ESP = 0x6824,
            GUEST_IA32_SYSENTER_EIP = 0x6826;

    /** The field's type from encoding bits 11:10 (App. B.1): 0 control, 1 exit information, 2 guest, 3 host. */
    public static int type(int field) {
        return (field >>> 10) & 3;
    }

    /** True for fields jhyve may write: control and guest-state fields. */
    public static boolean writable(int field) {
        int t = type(field);
        return t == 0 || t == 2;
    }
}

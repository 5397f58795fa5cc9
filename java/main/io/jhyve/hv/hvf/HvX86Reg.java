package io.jhyve.hv.hvf;

/**
 * The architectural registers of {@code hv_vcpu_read_register}/{@code hv_vcpu_write_register}
 * ({@code hv_x86_reg_t} in Apple's Hypervisor documentation, same order). jhyve uses them for the
 * general-purpose registers, CR2 and XCR0, which have no VMCS field; everything else it reads and
 * writes as VMCS guest-state fields.
 */
public final class HvX86Reg {
    private HvX86Reg() { }

    public static final int HV_X86_RIP = 0, HV_X86_RFLAGS = 1, HV_X86_RAX = 2, HV_X86_RCX = 3, HV_X86_RDX = 4,
            HV_X86_RBX = 5, HV_X86_RSI = 6, HV_X86_RDI = 7, HV_X86_RSP = 8, HV_X86_RBP = 9, HV_X86_R8 = 10,
            HV_X86_R9 = 11, HV_X86_R10 = 12, HV_X86_R11 = 13, HV_X86_R12 = 14, HV_X86_R13 = 15, HV_X86_R14 = 16,
            HV_X86_R15 = 17, HV_X86_CS = 18, HV_X86_SS = 19, HV_X86_DS = 20, HV_X86_ES = 21, HV_X86_FS = 22,
            HV_X86_GS = 23, HV_X86_IDT_BASE = 24, HV_X86_IDT_LIMIT = 25, HV_X86_GDT_BASE = 26,
            HV_X86_GDT_LIMIT = 27, HV_X86_LDTR = 28, HV_X86_LDT_BASE = 29, HV_X86_LDT_LIMIT = 30,
            HV_X86_LDT_AR = 31, HV_X86_TR = 32, HV_X86_TSS_BASE = 33, HV_X86_TSS_LIMIT = 34, HV_X86_TSS_AR = 35,
            HV_X86_CR0 = 36, HV_X86_CR1 = 37, HV_X86_CR2 = 38, HV_X86_CR3 = 39, HV_X86_CR4 = 40,
            HV_X86_DR0 = 41, HV_X86_DR7 = 48, HV_X86_TPR = 49, HV_X86_XCR0 = 50, HV_X86_REGISTERS_MAX = 51;

    /**
     * The general-purpose registers in the x86 ModRM/REX register-number order (SDM Vol. 2A
     * §2.1.5: 0 RAX, 1 RCX, 2 RDX, 3 RBX, 4 RSP, 5 RBP, 6 RSI, 7 RDI, 8-15 R8-R15), which is what
     * exit qualifications and the instruction decoder name registers by.
     */
    public static final int[] BY_GPR_NUMBER = {
        HV_X86_RAX, HV_X86_RCX, HV_X86_RDX, HV_X86_RBX, HV_X86_RSP, HV_X86_RBP, HV_X86_RSI, HV_X86_RDI,
        HV_X86_R8, HV_X86_R9, HV_X86_R10, HV_X86_R11, HV_X86_R12, HV_X86_R13, HV_X86_R14, HV_X86_R15,
    };
}

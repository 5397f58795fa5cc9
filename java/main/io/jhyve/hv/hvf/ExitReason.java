package io.jhyve.hv.hvf;

/**
 * Basic exit reasons (Intel SDM Vol. 3D Appendix C, "VMX Basic Exit Reasons"): bits 15:0 of the
 * VMCS exit-reason field. Bit 31 of the field says VM entry failed (SDM §27.8, §28.2.1).
 */
public final class ExitReason {
    private ExitReason() { }

    public static final int EXCEPTION_OR_NMI = 0, EXTERNAL_INTERRUPT = 1, TRIPLE_FAULT = 2, INIT_SIGNAL = 3,
            INTERRUPT_WINDOW = 7, NMI_WINDOW = 8, TASK_SWITCH = 9, CPUID = 10, GETSEC = 11, HLT = 12, INVD = 13,
            INVLPG = 14, RDPMC = 15, RDTSC = 16, RSM = 17, VMCALL = 18, VMCLEAR = 19, VMLAUNCH = 20,
            VMPTRLD = 21, VMPTRST = 22, VMREAD = 23, VMRESUME = 24, VMWRITE = 25, VMXOFF = 26, VMXON = 27,
            CONTROL_REGISTER_ACCESS = 28, MOV_DR = 29, IO_INSTRUCTION = 30, RDMSR = 31, WRMSR = 32,
            ENTRY_FAILURE_INVALID_GUEST_STATE = 33, ENTRY_FAILURE_MSR_LOADING = 34, MWAIT = 36,
            MONITOR_TRAP_FLAG = 37, MONITOR = 39, PAUSE = 40, ENTRY_FAILURE_MACHINE_CHECK = 41,
            TPR_BELOW_THRESHOLD = 43, APIC_ACCESS = 44, GDTR_IDTR_ACCESS = 46, LDTR_TR_ACCESS = 47,
            EPT_VIOLATION = 48, EPT_MISCONFIGURATION = 49, INVEPT = 50, RDTSCP = 51,
            VMX_PREEMPTION_TIMER_EXPIRED = 52, INVVPID = 53, WBINVD = 54, XSETBV = 55, RDRAND = 57,
            INVPCID = 58, VMFUNC = 59, RDSEED = 61, XSAVES = 63, XRSTORS = 64;

    /** Bit 31 of the exit-reason field: "VM-entry failure". */
    public static final long ENTRY_FAILURE_BIT = 1L << 31;

    public static int basic(long exitReasonField) { return (int) (exitReasonField & 0xffff); }

    public static boolean entryFailed(long exitReasonField) { return (exitReasonField & ENTRY_FAILURE_BIT) != 0; }

    /** VM-instruction error numbers (SDM Vol. 3C §30.4) HVF may leave after a refused VM entry. */
    public static String vmInstructionError(long n) {
        return switch ((int) n) {
            case 7 -> "VM entry with invalid control field(s)";
            case 8 -> "VM entry with invalid host-state field(s)";
            case 0 -> "none recorded";
            default -> "VM-instruction error " + n;
        };
    }

    /** Why VM entry refused the guest state (exit reasons 33, 34, 41; SDM §28.8). */
    public static String entryFailure(int basic, long qualification) {
        return switch (basic) {
            case ENTRY_FAILURE_INVALID_GUEST_STATE -> "invalid guest state" + (qualification == 4
                    ? " (invalid VMCS link pointer)" : qualification == 2 ? " (PDPTE load failed)" : "");
            case ENTRY_FAILURE_MSR_LOADING -> "MSR loading failed at entry " + qualification;
            case ENTRY_FAILURE_MACHINE_CHECK -> "machine-check event during VM entry";
            default -> "exit reason " + basic;
        };
    }
}

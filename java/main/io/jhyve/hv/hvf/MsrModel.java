package io.jhyve.hv.hvf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-specific registers jhyve emulates for one vCPU under HVF, where RDMSR and WRMSR exit
 * unless an MSR is made native (SDM Vol. 4 for the MSRs). MSRs the processor can keep per guest
 * ({@link #NATIVE}) are passed through by HVF; EFER and PAT live in the VMCS and are handled by
 * the vCPU; the rest are here. Anything else raises #GP in the guest, which is what Linux's
 * {@code rdmsr_safe} expects of an MSR a CPU lacks.
 */
public final class MsrModel {
    public static final int IA32_TSC = 0x10, IA32_APIC_BASE = 0x1b, IA32_FEATURE_CONTROL = 0x3a,
            IA32_SPEC_CTRL = 0x48, IA32_PRED_CMD = 0x49, IA32_BIOS_SIGN_ID = 0x8b, IA32_MTRRCAP = 0xfe,
            IA32_ARCH_CAPABILITIES = 0x10a, IA32_SYSENTER_CS = 0x174, IA32_SYSENTER_ESP = 0x175,
            IA32_SYSENTER_EIP = 0x176, IA32_MCG_CAP = 0x179, IA32_MCG_STATUS = 0x17a, IA32_MISC_ENABLE = 0x1a0,
            IA32_MTRR_PHYSBASE0 = 0x200, IA32_PAT = 0x277, IA32_MTRR_DEF_TYPE = 0x2ff, IA32_EFER = 0xc000_0080,
            IA32_STAR = 0xc000_0081, IA32_LSTAR = 0xc000_0082, IA32_CSTAR = 0xc000_0083, IA32_FMASK = 0xc000_0084,
            IA32_FS_BASE = 0xc000_0100, IA32_GS_BASE = 0xc000_0101, IA32_KERNEL_GS_BASE = 0xc000_0102,
            IA32_TSC_AUX = 0xc000_0103;

    /** MSRs HVF keeps per vCPU and lets the guest access without exits (hv_vcpu_enable_native_msr). */
    public static final List<Integer> NATIVE = List.of(IA32_TSC, IA32_SYSENTER_CS, IA32_SYSENTER_ESP,
            IA32_SYSENTER_EIP, IA32_STAR, IA32_LSTAR, IA32_CSTAR, IA32_FMASK, IA32_FS_BASE, IA32_GS_BASE,
            IA32_KERNEL_GS_BASE, IA32_TSC_AUX);

    /** IA32_FEATURE_CONTROL: locked (bit 0) with VMX off, so the guest never tries VMXON. */
    static final long FEATURE_CONTROL_LOCKED = 1;
    /** IA32_MISC_ENABLE: fast strings (bit 0) on, as firmware leaves it. */
    static final long MISC_ENABLE_FAST_STRINGS = 1;
    /** IA32_MTRRCAP: 8 variable ranges (VCNT), fixed ranges (bit 8) and write-combining (bit 10). */
    static final long MTRRCAP_VALUE = 8 | 1 << 8 | 1 << 10;

    /** Result of an RDMSR or WRMSR the model handled. */
    public sealed interface Result {
        record Value(long value) implements Result { }

        record Written() implements Result { }

        /** Inject #GP(0): the MSR does not exist or the value is not allowed. */
        record GeneralProtection(String why) implements Result { }
    }

    private final Map<Integer, Long> stored = new HashMap<>();

    public MsrModel(long apicBase) {
        stored.put(IA32_APIC_BASE, apicBase);
        stored.put(IA32_MISC_ENABLE, MISC_ENABLE_FAST_STRINGS);
    }

    private static boolean mtrr(int index) {
        return (index >= IA32_MTRR_PHYSBASE0 && index < IA32_MTRR_PHYSBASE0 + 16) || index == 0x250 || index == 0x258
                || index == 0x259 || (index >= 0x268 && index <= 0x26f) || index == IA32_MTRR_DEF_TYPE;
    }

    public Result read(int index) {
        return switch (index) {
            case IA32_APIC_BASE, IA32_MISC_ENABLE, IA32_SPEC_CTRL -> new Result.Value(stored.getOrDefault(index, 0L));
            case IA32_FEATURE_CONTROL -> new Result.Value(FEATURE_CONTROL_LOCKED);
            case IA32_BIOS_SIGN_ID, IA32_ARCH_CAPABILITIES, IA32_MCG_CAP, IA32_MCG_STATUS -> new Result.Value(0);
            case IA32_MTRRCAP -> new Result.Value(MTRRCAP_VALUE);
            default -> mtrr(index) ? new Result.Value(stored.getOrDefault(index, 0L))
                    : new Result.GeneralProtection(String.format("RDMSR 0x%x: no such MSR in jhyve's model", index));
        };
    }

    public Result write(int index, long value) {
        switch (index) {
            case IA32_APIC_BASE, IA32_MISC_ENABLE, IA32_SPEC_CTRL -> stored.put(index, value);
            case IA32_PRED_CMD, IA32_BIOS_SIGN_ID, IA32_MCG_STATUS -> { } // commands / write-ignored
            default -> {
                if (!mtrr(index)) {
                    return new Result.GeneralProtection(String.format("WRMSR 0x%x <- 0x%x: no such MSR in jhyve's model", index, value));
                }
                stored.put(index, value);
            }
        }
        return new Result.Written();
    }
}

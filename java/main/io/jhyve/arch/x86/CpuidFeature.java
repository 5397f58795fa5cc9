package io.jhyve.arch.x86;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A CPUID feature flag that a machine config may hide from the guest ({@code cpuidHide}), named as
 * Linux names it in /proc/cpuinfo. Each is one bit of one register of one leaf; positions are from
 * the SDM Vol. 2A, CPUID instruction, tables "Feature Information Returned in the ECX Register"
 * (leaf 01H) and "Structured Extended Feature Flags" (leaf 07H, sub-leaf 0).
 *
 * <p>The list holds the features worth hiding: instructions a nested or software-emulated KVM may
 * fail to execute (cmpxchg16b, xsave/xrstor, AVX) and CPU modes a guest should be tested without
 * (x2APIC, PCID, 5-level paging).
 */
public enum CpuidFeature {
    /** CMPXCHG16B; Linux uses it for this_cpu_cmpxchg_double in SLUB. */
    CX16(1, Reg.ECX, 13),
    PCID(1, Reg.ECX, 17),
    X2APIC(1, Reg.ECX, 21),
    MOVBE(1, Reg.ECX, 22),
    TSC_DEADLINE_TIMER(1, Reg.ECX, 24),
    /** XSAVE/XRSTOR and XSETBV; without it Linux falls back to FXSAVE and drops AVX itself. */
    XSAVE(1, Reg.ECX, 26),
    AVX(1, Reg.ECX, 28),
    RDRAND(1, Reg.ECX, 30),
    FSGSBASE(7, Reg.EBX, 0),
    AVX2(7, Reg.EBX, 5),
    SMEP(7, Reg.EBX, 7),
    INVPCID(7, Reg.EBX, 10),
    AVX512F(7, Reg.EBX, 16),
    RDSEED(7, Reg.EBX, 18),
    SMAP(7, Reg.EBX, 20),
    UMIP(7, Reg.ECX, 2),
    PKU(7, Reg.ECX, 3),
    LA57(7, Reg.ECX, 16);

    /** The output register a flag lives in. */
    public enum Reg { EBX, ECX, EDX }

    private final int leaf;
    private final Reg reg;
    private final int bit;

    CpuidFeature(int leaf, Reg reg, int bit) {
        this.leaf = leaf;
        this.reg = reg;
        this.bit = bit;
    }

    /** The CPUID leaf (EAX input); leaf 7 means sub-leaf 0. */
    public int leaf() { return leaf; }

    public Reg reg() { return reg; }

    public int mask() { return 1 << bit; }

    /** The name used in configs, on the command line and in messages: Linux's /proc/cpuinfo flag. */
    public String flagName() { return name().toLowerCase(Locale.ROOT); }

    /** The feature called {@code flag} (case-insensitive), if there is one. */
    public static Optional<CpuidFeature> byFlagName(String flag) {
        return Arrays.stream(values()).filter(f -> f.flagName().equalsIgnoreCase(flag.trim())).findFirst();
    }

    /** All flag names, comma separated, for error messages. */
    public static String knownFlagNames() {
        return Arrays.stream(values()).map(CpuidFeature::flagName).collect(Collectors.joining(", "));
    }
}

package io.jhyve.hv;

/** One CPUID leaf/subleaf answer the guest will see. */
public record CpuidEntry(int function, int index, boolean indexed, int eax, int ebx, int ecx, int edx) {
    public CpuidEntry withEcx(int v) { return new CpuidEntry(function, index, indexed, eax, ebx, v, edx); }
    public CpuidEntry withEdx(int v) { return new CpuidEntry(function, index, indexed, eax, ebx, ecx, v); }
    public CpuidEntry withEbx(int v) { return new CpuidEntry(function, index, indexed, eax, v, ecx, edx); }
    public CpuidEntry withEax(int v) { return new CpuidEntry(function, index, indexed, v, ebx, ecx, edx); }
}

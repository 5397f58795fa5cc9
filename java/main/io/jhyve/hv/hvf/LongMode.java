package io.jhyve.hv.hvf;

import static io.jhyve.hv.SpecialRegisters.CR0_PE;
import static io.jhyve.hv.SpecialRegisters.CR0_PG;
import static io.jhyve.hv.SpecialRegisters.EFER_LMA;
import static io.jhyve.hv.SpecialRegisters.EFER_LME;
import static io.jhyve.hv.SpecialRegisters.EFER_NXE;
import static io.jhyve.hv.SpecialRegisters.EFER_SCE;

/**
 * IA-32e mode activation as the processor does it (Intel SDM Vol. 3A §9.8.5): EFER.LMA becomes 1
 * when CR0.PG is set with EFER.LME = 1 and 0 when paging is turned off. Under HVF jhyve sees both
 * the CR0 write (CR0.PG is in the guest/host mask) and WRMSR EFER, and keeps EFER.LMA and the
 * "IA-32e mode guest" entry control in step. Returns null where the processor would raise #GP.
 */
public final class LongMode {
    private static final long EFER_WRITABLE = EFER_SCE | EFER_LME | EFER_NXE;

    private LongMode() { }

    /** EFER after WRMSR {@code value}, or null for #GP (reserved bits; LME changed with paging on). */
    public static Long eferAfterWrmsr(long efer, long value, long guestCr0) {
        if ((value & ~(EFER_WRITABLE | EFER_LMA)) != 0) return null;
        if ((guestCr0 & CR0_PG) != 0 && ((value ^ efer) & EFER_LME) != 0) return null;
        return (value & EFER_WRITABLE) | (efer & EFER_LMA); // LMA is read-only to WRMSR
    }

    /** EFER after MOV to CR0 changes it from {@code oldCr0} to {@code newCr0}, or null for #GP. */
    public static Long eferAfterCr0Write(long efer, long oldCr0, long newCr0, long cr4) {
        if ((newCr0 & CR0_PG) != 0 && (newCr0 & CR0_PE) == 0) return null;
        boolean pgOn = (oldCr0 & CR0_PG) == 0 && (newCr0 & CR0_PG) != 0;
        boolean pgOff = (oldCr0 & CR0_PG) != 0 && (newCr0 & CR0_PG) == 0;
        if (pgOn && (efer & EFER_LME) != 0) {
            if ((cr4 & io.jhyve.hv.SpecialRegisters.CR4_PAE) == 0) return null; // §9.8.5: needs PAE first
            return efer | EFER_LMA;
        }
        if (pgOff) return efer & ~EFER_LMA;
        return efer;
    }
}

package io.jhyve.hv.hvf;

import static io.jhyve.hv.SpecialRegisters.CR0_PE;
import static io.jhyve.hv.SpecialRegisters.CR0_PG;

/**
 * How the guest's CR0 and CR4 map onto what VMX lets the processor hold.
 *
 * <p>VMX fixes some bits (SDM Vol. 3D A.7, A.8: FIXED0 bits must be 1, bits clear in FIXED1 must
 * be 0; in practice CR0.NE and CR4.VMXE are forced on). With unrestricted guest, CR0.PE and PG are
 * exempt (SDM §26.3.1.1). The guest must not see the forced bits, so they go into the guest/host
 * mask with the guest's own value as read shadow (SDM §25.3 "Guest/host masks and read shadows"):
 * guest reads of masked bits return the shadow, and guest writes that change a masked bit exit to
 * jhyve (CR-access exit) instead of reaching the register.
 *
 * <p>CR0.PG is masked too, although VMX allows both values: its 0→1 change with EFER.LME set
 * activates long mode, and jhyve sets EFER.LMA and the "IA-32e mode guest" entry control itself on
 * that exit. CR0.CD and NW are masked and kept 0 in the real register, so a guest that disables
 * caching keeps running at full speed (its own view is the shadow).
 */
public record ControlRegisterPolicy(long cr0Fixed0, long cr0Fixed1, long cr4Fixed0, long cr4Fixed1) {
    public static final long CR0_NW = 1L << 29, CR0_CD = 1L << 30;

    public static ControlRegisterPolicy of(VmxCapabilities caps) {
        return new ControlRegisterPolicy(caps.cr0Fixed0() & ~(CR0_PE | CR0_PG), caps.cr0Fixed1(),
                caps.cr4Fixed0(), caps.cr4Fixed1());
    }

    /** The guest/host mask for CR0: forced bits, bits that may not be set, PG, CD and NW. */
    public long cr0Mask() {
        return cr0Fixed0 | (~cr0Fixed1 & 0xffff_ffffL) | CR0_PG | CR0_CD | CR0_NW;
    }

    /** What the processor's CR0 holds while the guest believes it holds {@code guest}. */
    public long cr0Actual(long guest) {
        return ((guest & ~(CR0_CD | CR0_NW)) | cr0Fixed0) & cr0Fixed1;
    }

    public long cr4Mask() {
        return cr4Fixed0 | (~cr4Fixed1 & 0xffff_ffffL);
    }

    public long cr4Actual(long guest) {
        return (guest | cr4Fixed0) & cr4Fixed1;
    }

    /** The guest's view of a register: unmasked bits from the register, masked bits from the shadow. */
    public static long guestView(long actual, long mask, long shadow) {
        return (actual & ~mask) | (shadow & mask);
    }
}

package io.jhyve.hv.hvf;

/**
 * The VMX capability values HVF reports through {@code hv_vmx_read_capability}. The five control
 * capabilities are 64-bit values laid out like the IA32_VMX_*_CTLS MSRs (Intel SDM Vol. 3D
 * Appendix A.3-A.5): bits 31:0 are the allowed 0-settings (a set bit means the control must be
 * 1), bits 63:32 the allowed 1-settings (a clear bit means the control must be 0). HVF reports its
 * policy, i.e. the hardware's limits with Apple's fixed choices laid over them. The CR fixed values
 * (A.7, A.8): a bit set in FIXED0 must be 1 in the register, a bit clear in FIXED1 must be 0.
 */
public record VmxCapabilities(long pinBased, long procBased, long procBased2, long entry, long exit,
                              long cr0Fixed0, long cr0Fixed1, long cr4Fixed0, long cr4Fixed1) {
    // hv_vmx_capability_t (Apple's documentation; hv_vmx.h).
    public static final int HV_VMX_CAP_PINBASED = 0, HV_VMX_CAP_PROCBASED = 1, HV_VMX_CAP_PROCBASED2 = 2,
            HV_VMX_CAP_ENTRY = 3, HV_VMX_CAP_EXIT = 4, HV_VMX_CAP_CR0_FIXED0 = 11, HV_VMX_CAP_CR0_FIXED1 = 12,
            HV_VMX_CAP_CR4_FIXED0 = 13, HV_VMX_CAP_CR4_FIXED1 = 14;

    /** The bits a control must have set (allowed 0-settings). */
    public static long mustBeOne(long capability) { return capability & 0xffff_ffffL; }

    /** The bits a control may have set (allowed 1-settings). */
    public static long mayBeOne(long capability) { return capability >>> 32; }

    /** A reader of one capability, e.g. the shim's {@code hvs_read_vmx_cap}. */
    public interface Source {
        long read(int capability);
    }

    /**
     * Reads every capability jhyve uses. The CR fixed values need macOS 11; where they cannot be
     * read, the architectural minimum stands in (CR0.PE, NE, PG must be 1; CR4.VMXE must be 1).
     */
    public static VmxCapabilities read(Source source) {
        return new VmxCapabilities(source.read(HV_VMX_CAP_PINBASED), source.read(HV_VMX_CAP_PROCBASED),
                source.read(HV_VMX_CAP_PROCBASED2), source.read(HV_VMX_CAP_ENTRY), source.read(HV_VMX_CAP_EXIT),
                source.read(HV_VMX_CAP_CR0_FIXED0), source.read(HV_VMX_CAP_CR0_FIXED1),
                source.read(HV_VMX_CAP_CR4_FIXED0), source.read(HV_VMX_CAP_CR4_FIXED1));
    }

    @Override
    public String toString() {
        return String.format("pin-based 0x%016x, primary 0x%016x, secondary 0x%016x, entry 0x%016x, exit 0x%016x, "
                + "CR0 fixed 0x%x/0x%x, CR4 fixed 0x%x/0x%x", pinBased, procBased, procBased2, entry, exit,
                cr0Fixed0, cr0Fixed1, cr4Fixed0, cr4Fixed1);
    }
}

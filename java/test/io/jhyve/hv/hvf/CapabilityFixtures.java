package io.jhyve.hv.hvf;

/**
 * VMX capability values for tests. {@link #INTEL_MAC} is what the fake framework reports by
 * default (native-hvf/fake/fakehv.c): hardware values from a VirtualBox log of an Intel Mac
 * (PINBASED 0x7f00000016, PROCBASED 0xfff9fffe0401e172, ...) with Apple's documented overlay
 * (secondary controls, MSR bitmaps, EPT, unrestricted guest forced on; I/O bitmaps, APIC-register
 * virtualization, acknowledge-interrupt-on-exit forced off).
 */
final class CapabilityFixtures {
    private CapabilityFixtures() { }

    static final long PINBASED = 0x0000007f00000016L;
    static final long PROCBASED = 0xfdf9fffe9401e172L;
    static final long PROCBASED2 = 0x001010ff00000082L;
    static final long ENTRY = 0x0000f3ff000011ffL;
    static final long EXIT = 0x003f6fff00036dffL;
    /** CR0: PE, NE, PG fixed to 1; CR4: VMXE fixed to 1 (typical IA32_VMX_CR*_FIXED* values). */
    static final long CR0_FIXED0 = 0x80000021L, CR0_FIXED1 = 0xffffffffL, CR4_FIXED0 = 0x2000L, CR4_FIXED1 = 0x3767ffL;

    static final VmxCapabilities INTEL_MAC = new VmxCapabilities(PINBASED, PROCBASED, PROCBASED2, ENTRY, EXIT,
            CR0_FIXED0, CR0_FIXED1, CR4_FIXED0, CR4_FIXED1);

    static VmxCapabilities withExit(long exit) {
        VmxCapabilities c = INTEL_MAC;
        return new VmxCapabilities(c.pinBased(), c.procBased(), c.procBased2(), c.entry(), exit, c.cr0Fixed0(),
                c.cr0Fixed1(), c.cr4Fixed0(), c.cr4Fixed1());
    }

    static VmxCapabilities withProcBased(long proc) {
        VmxCapabilities c = INTEL_MAC;
        return new VmxCapabilities(c.pinBased(), proc, c.procBased2(), c.entry(), c.exit(), c.cr0Fixed0(),
                c.cr0Fixed1(), c.cr4Fixed0(), c.cr4Fixed1());
    }
}

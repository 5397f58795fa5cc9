package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.VmxControl.*;

import java.util.List;

/**
 * The five VMX control values jhyve runs guests with, computed from HVF's capabilities.
 *
 * <p>Per control field: value = (wanted | must-be-one) & may-be-one (SDM Vol. 3D A.3: the
 * capability's allowed 0- and 1-settings), so every bit the framework forces is honoured. Then the
 * bits jhyve depends on are checked: a required bit that may not be 1, or a forbidden bit that
 * must be 1, is an error naming the control, its bit and the capability, rather than a guest that
 * fails later in some obscure way.
 *
 * <p>{@code entry} is the value without "IA-32e mode guest"; {@link #entryFor(long)} adds it when
 * the guest's EFER.LMA is set (SDM §26.2.4 requires the two to agree).
 */
public record VmxControls(long pinBased, long primary, long secondary, long exit, long entry) {
    /** Bits jhyve cannot run without, and why. */
    static final List<VmxControl> REQUIRED = List.of(
            EXTERNAL_INTERRUPT_EXITING,   // hv_vcpu_interrupt (kick) and host interrupts must exit
            HLT_EXITING,                  // the VMM emulates the interrupt controller: HLT is a wait
            UNCONDITIONAL_IO_EXITING,     // HVF forces I/O bitmaps off; without this no IN/OUT exits
            ACTIVATE_SECONDARY_CONTROLS,
            ENABLE_EPT,
            UNRESTRICTED_GUEST,           // real mode and unpaged protected mode run natively
            HOST_ADDRESS_SPACE_SIZE,      // the host (macOS) is 64-bit
            SAVE_IA32_EFER,               // the guest's EFER lives in the VMCS
            ENTRY_LOAD_IA32_EFER);

    /** Bits jhyve turns on later, at run time, so they must be allowed but start 0. */
    static final List<VmxControl> ALLOWED = List.of(
            IA32E_MODE_GUEST,              // set with EFER.LMA
            INTERRUPT_WINDOW_EXITING);     // while an interrupt waits for the guest to enable them

    /** Bits jhyve wants when the capability allows them. */
    static final List<VmxControl> WANTED = List.of(
            MWAIT_EXITING, MONITOR_EXITING, RDPMC_EXITING, ENABLE_RDTSCP, ENABLE_INVPCID,
            SAVE_IA32_PAT, EXIT_LOAD_IA32_PAT, EXIT_LOAD_IA32_EFER, ENTRY_LOAD_IA32_PAT);

    /** Bits that must stay 0, and why. */
    static final List<VmxControl> FORBIDDEN = List.of(
            USE_IO_BITMAPS,                // bitmaps jhyve does not own could hide ports from the bus
            VIRTUALIZE_APIC_ACCESSES,      // no APIC-access page: the APIC is emulated via MMIO
            APIC_REGISTER_VIRTUALIZATION,
            ACKNOWLEDGE_INTERRUPT_ON_EXIT, // host interrupts must stay pending for macOS
            ENTRY_TO_SMM);

    public static VmxControls compute(VmxCapabilities caps) {
        long[] values = new long[VmxControl.Kind.values().length];
        for (VmxControl c : REQUIRED) values[c.kind().ordinal()] |= c.mask();
        for (VmxControl c : WANTED) values[c.kind().ordinal()] |= c.mask();
        for (VmxControl.Kind k : VmxControl.Kind.values()) {
            long cap = k.capability(caps);
            values[k.ordinal()] = (values[k.ordinal()] | VmxCapabilities.mustBeOne(cap)) & VmxCapabilities.mayBeOne(cap);
        }
        for (VmxControl c : concat(REQUIRED, ALLOWED)) {
            long cap = c.kind().capability(caps);
            if ((VmxCapabilities.mayBeOne(cap) & c.mask()) == 0) {
                throw refused(String.format("HVF: %s not allowed by capability 0x%016x", c, cap));
            }
        }
        for (VmxControl c : FORBIDDEN) {
            long cap = c.kind().capability(caps);
            if ((VmxCapabilities.mustBeOne(cap) & c.mask()) != 0) {
                throw refused(String.format("HVF: %s forced on by capability 0x%016x, but jhyve needs it off", c, cap));
            }
        }
        return new VmxControls(values[0], values[1], values[2], values[3], values[4]);
    }

    private static List<VmxControl> concat(List<VmxControl> a, List<VmxControl> b) {
        List<VmxControl> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static HvfException refused(String message) {
        return new HvfException("hv_vmx_read_capability", message);
    }

    /** The VM-entry controls for a guest whose IA32_EFER is {@code efer}: IA-32e mode iff EFER.LMA. */
    public long entryFor(long efer) {
        boolean lma = (efer & io.jhyve.hv.SpecialRegisters.EFER_LMA) != 0;
        return lma ? entry | IA32E_MODE_GUEST.mask() : entry & ~IA32E_MODE_GUEST.mask();
    }

    public boolean has(VmxControl c) {
        long v = switch (c.kind()) {
            case PIN_BASED -> pinBased;
            case PRIMARY -> primary;
            case SECONDARY -> secondary;
            case EXIT -> exit;
            case ENTRY -> entry;
        };
        return (v & c.mask()) != 0;
    }
}

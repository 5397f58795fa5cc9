package io.jhyve.acpi;

/**
 * The Multiple APIC Description Table (ACPI 6.4 §5.2.12), signature "APIC": one Processor Local APIC
 * per vCPU, KVM's in-kernel IOAPIC, the SCI's interrupt source override, and the LINT1 NMI.
 *
 * <p>APIC IDs equal vCPU indexes because KVM gives vCPU n the local APIC ID n, and the processor
 * UIDs equal them too, matching the {@code _UID}s of the DSDT's processor devices. No override for
 * ISA IRQ 0: KVM's default routing wires the PIT to IOAPIC pin 0, not pin 2 as PC chipsets do.
 */
public final class Madt {
    public static final String SIGNATURE = "APIC";
    public static final int REVISION = 5;
    /** Local Interrupt Controller Address: where every CPU sees its local APIC. */
    public static final long LOCAL_APIC_ADDRESS = 0xfee0_0000L;
    public static final long IO_APIC_ADDRESS = 0xfec0_0000L;
    /** KVM_IOAPIC_NUM_PINS: inputs of KVM's in-kernel IOAPIC. */
    public static final int IOAPIC_PINS = 24;
    public static final int IO_APIC_ID = 0;
    /** The highest xAPIC ID a Processor Local APIC structure can name; 0xff is the broadcast ID. */
    public static final int MAX_XAPIC_ID = 0xfe;

    /** Flags bit 0: the machine also has dual 8259 PICs (Table 5.20). */
    public static final int PCAT_COMPAT = 1;
    // Interrupt controller structure types (Table 5.21).
    public static final int TYPE_LOCAL_APIC = 0, TYPE_IO_APIC = 1, TYPE_INTERRUPT_SOURCE_OVERRIDE = 2,
            TYPE_LOCAL_APIC_NMI = 4;
    /** Processor Local APIC flags bit 0: Enabled (Table 5.23). */
    public static final int LOCAL_APIC_ENABLED = 1;
    /** MPS INTI flags (Table 5.26): polarity 01 active high, trigger mode 11 level. */
    public static final int MPS_INTI_ACTIVE_HIGH = 0b01, MPS_INTI_LEVEL = 0b11 << 2;
    /** Offset of the first interrupt controller structure. */
    public static final int ENTRIES_OFFSET = 44;

    private Madt() { }

    public static byte[] build(int cpus) {
        if (cpus < 1 || cpus - 1 > MAX_XAPIC_ID) {
            throw new IllegalArgumentException("MADT: " + cpus + " CPUs do not fit xAPIC IDs 0-" + MAX_XAPIC_ID);
        }
        TableWriter w = new TableWriter().header(SIGNATURE, REVISION);
        w.u32(LOCAL_APIC_ADDRESS).u32(PCAT_COMPAT);
        for (int cpu = 0; cpu < cpus; cpu++) {
            w.u8(TYPE_LOCAL_APIC).u8(8).u8(cpu).u8(cpu).u32(LOCAL_APIC_ENABLED);
        }
        w.u8(TYPE_IO_APIC).u8(12).u8(IO_APIC_ID).u8(0).u32(IO_APIC_ADDRESS).u32(0);
        // Without an override the SCI is level-triggered, active low (§5.2.15.5); jhyve drives its
        // lines active high, so the override says level, active high, on the same GSI.
        w.u8(TYPE_INTERRUPT_SOURCE_OVERRIDE).u8(10).u8(0).u8(FixedHardware.SCI_INT).u32(FixedHardware.SCI_INT)
                .u16(MPS_INTI_ACTIVE_HIGH | MPS_INTI_LEVEL);
        // LINT1 of every local APIC carries NMI, as on PCs (ACPI Processor UID 0xff: all processors).
        w.u8(TYPE_LOCAL_APIC_NMI).u8(6).u8(0xff).u16(0).u8(1);
        return w.finish();
    }
}

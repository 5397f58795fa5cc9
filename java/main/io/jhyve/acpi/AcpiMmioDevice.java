package io.jhyve.acpi;

/**
 * A memory-mapped device the DSDT describes under \_SB, e.g. a virtio-mmio transport
 * ({@code _HID "LNRO0005"}, which Linux's virtio_mmio driver matches). Becomes
 * <pre>
 *   Device (Mnnn) {
 *       Name (_HID, "hid")
 *       Name (_UID, uid)
 *       Name (_CRS, ResourceTemplate () {
 *           Memory32Fixed (ReadWrite, base, size)
 *           Interrupt (ResourceConsumer, Level, ActiveHigh, Exclusive) { gsi }
 *       })
 *   }
 * </pre>
 * Level-triggered by default because jhyve's {@code IrqLine}s have level semantics: the device holds
 * its line up until the guest acknowledges.
 *
 * @param hid   the _HID string: an ACPI or PNP ID such as "LNRO0005"
 * @param uid   the _UID, unique among devices with the same _HID
 * @param base  first byte of the register window, below 4 GiB
 * @param size  window size in bytes
 * @param gsi   the global system interrupt (IOAPIC input) it raises
 * @param level true for level-triggered, false for edge
 */
public record AcpiMmioDevice(String hid, int uid, long base, long size, int gsi, boolean level) {
    public static final String VIRTIO_MMIO_HID = "LNRO0005";

    public AcpiMmioDevice {
        if (!hid.matches("[A-Z0-9]{7,8}")) {
            throw new IllegalArgumentException("ACPI _HID \"" + hid + "\" must be a 7-character PNP ID or an"
                    + " 8-character ACPI ID (A-Z, 0-9)");
        }
        if (gsi < 0 || gsi >= Madt.IOAPIC_PINS) {
            throw new IllegalArgumentException("device " + hid + " uid " + uid + ": GSI " + gsi
                    + " is not an input of the IOAPIC (0-" + (Madt.IOAPIC_PINS - 1) + ")");
        }
        ResourceTemplate.memory32Fixed(base, size); // checks the window lies below 4 GiB
    }

    /** A level-triggered device. */
    public AcpiMmioDevice(String hid, int uid, long base, long size, int gsi) {
        this(hid, uid, base, size, gsi, true);
    }
}

package io.jhyve.acpi;

/**
 * The Firmware ACPI Control Structure (ACPI 6.4 §5.2.10): required by the fixed-hardware model.
 * jhyve supports no sleep state the guest wakes from, so the waking vectors stay 0 and there is no
 * global lock. It has no checksum and must be 64-byte aligned.
 */
public final class Facs {
    public static final String SIGNATURE = "FACS";
    public static final int LENGTH = 64;
    public static final int VERSION = 2;
    public static final int ALIGNMENT = 64;

    private Facs() { }

    public static byte[] build() {
        TableWriter w = new TableWriter();
        w.ascii(SIGNATURE, 4).u32(LENGTH);
        w.u32(0); // Hardware Signature: unchanged across boots, the hardware never changes
        w.u32(0).u32(0).u32(0); // Firmware Waking Vector, Global Lock, Flags
        w.u64(0).u8(VERSION).zeros(3).u32(0); // X Firmware Waking Vector, Version, Reserved, OSPM Flags
        w.zeros(LENGTH - w.size());
        return w.raw();
    }
}

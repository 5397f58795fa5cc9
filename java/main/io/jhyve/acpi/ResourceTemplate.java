package io.jhyve.acpi;

/**
 * Resource descriptors for a {@code _CRS} buffer (ACPI 6.4 §6.4, "Resource Data Types for ACPI"):
 * the two a memory-mapped device needs, and the End Tag that closes the template.
 */
public final class ResourceTemplate {
    /** §6.4.3.4 Table 6.250: large item 0x86, 32-Bit Fixed Memory Range Descriptor. */
    static final int MEMORY32_FIXED = 0x86;
    /** §6.4.3.6 Table 6.252: large item 0x89, Extended Interrupt Descriptor. */
    static final int EXTENDED_INTERRUPT = 0x89;
    /** §6.4.2.9 Table 6.242: small item 0x79 (type 0xF, length 1), End Tag. */
    static final int END_TAG = 0x79;

    // Extended Interrupt Descriptor flags byte (Table 6.252, byte 3).
    static final int INT_CONSUMER = 1 << 0, INT_EDGE = 1 << 1, INT_ACTIVE_LOW = 1 << 2, INT_SHARED = 1 << 3;

    private ResourceTemplate() { }

    /** {@code Memory32Fixed(ReadWrite, base, length)}. */
    public static byte[] memory32Fixed(long base, long length) {
        if (base < 0 || length <= 0 || base + length > 0x1_0000_0000L) {
            throw new IllegalArgumentException(String.format(
                    "Memory32Fixed range base 0x%x length 0x%x must lie below 4 GiB", base, length));
        }
        byte[] b = new byte[12];
        b[0] = (byte) MEMORY32_FIXED;
        b[1] = 9; // length of the data that follows the 3-byte header
        b[3] = 1; // bit 0: read/write
        TableWriter.putU32(b, 4, base);
        TableWriter.putU32(b, 8, length);
        return b;
    }

    /**
     * {@code Interrupt(ResourceConsumer, Level|Edge, ActiveHigh, Exclusive){gsi}}: one global system
     * interrupt, active high (jhyve's lines are driven high when asserted).
     */
    public static byte[] interrupt(int gsi, boolean level) {
        byte[] b = new byte[9];
        b[0] = (byte) EXTENDED_INTERRUPT;
        b[1] = 6; // flags, count and one 32-bit interrupt number
        b[3] = (byte) (INT_CONSUMER | (level ? 0 : INT_EDGE));
        b[4] = 1;
        TableWriter.putU32(b, 5, gsi);
        return b;
    }

    /**
     * The descriptors followed by an End Tag, as the byte list of a {@code Buffer}. The End Tag's
     * checksum byte is 0, which §6.4.2.9 defines as "treat the template as correctly summed".
     */
    public static byte[] of(byte[]... descriptors) {
        return Aml.concat(Aml.concat(descriptors), new byte[] {(byte) END_TAG, 0});
    }
}

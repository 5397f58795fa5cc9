package io.jhyve.acpi;

/**
 * The Root System Description Pointer (ACPI 6.4 §5.2.5.3), revision 2: points at the XSDT. It has
 * two checksums, one over the ACPI 1.0 part (20 bytes) and one over all 36. RsdtAddress is 0: jhyve
 * offers only the XSDT, which every 64-bit OS reads.
 */
public final class Rsdp {
    public static final String SIGNATURE = "RSD PTR ";
    public static final int LENGTH = 36;
    public static final int REVISION = 2;
    public static final int CHECKSUM_OFFSET = 8, REVISION_OFFSET = 15, RSDT_ADDRESS_OFFSET = 16,
            LENGTH_OFFSET = 20, XSDT_ADDRESS_OFFSET = 24, EXTENDED_CHECKSUM_OFFSET = 32;
    /** Bytes the first checksum covers: the ACPI 1.0 structure. */
    public static final int V1_LENGTH = 20;
    /** The RSDP must sit on a 16-byte boundary where OSes scan for it (§5.2.5.1). */
    public static final int ALIGNMENT = 16;

    private Rsdp() { }

    public static byte[] build(long xsdtAddress) {
        TableWriter w = new TableWriter();
        w.ascii(SIGNATURE, 8).u8(0).ascii(TableWriter.OEM_ID, 6).u8(REVISION).u32(0);
        w.u32(LENGTH).u64(xsdtAddress).u8(0).zeros(3);
        byte[] b = w.raw();
        b[CHECKSUM_OFFSET] = TableWriter.checksumByte(b, 0, V1_LENGTH);
        b[EXTENDED_CHECKSUM_OFFSET] = TableWriter.checksumByte(b, 0, LENGTH);
        return b;
    }
}

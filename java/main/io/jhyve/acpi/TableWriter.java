package io.jhyve.acpi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian byte sink for one ACPI table. {@link #header} writes the 36-byte system description
 * table header (ACPI 6.4 §5.2.6) with placeholders; {@link #finish} fills in Length and Checksum, so
 * a table's builder only writes its own fields, in spec order.
 */
final class TableWriter {
    /** ACPI 6.4 Table 5.4: Signature, Length, Revision, Checksum, OEMID, OEM Table ID, OEM Revision, ... */
    static final int HEADER_SIZE = 36;
    static final int LENGTH_OFFSET = 4;
    static final int CHECKSUM_OFFSET = 9;
    /** OEMID and Creator ID: jhyve's own, padded as the spec's fixed-width fields are. */
    static final String OEM_ID = "JHYVE ";
    static final String CREATOR_ID = "JHYV";
    static final int OEM_REVISION = 1;
    static final int CREATOR_REVISION = 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    /** The header of a table named {@code signature}, OEM Table ID "JHYVE" + the signature. */
    TableWriter header(String signature, int revision) {
        ascii(signature, 4);
        u32(0); // Length, set by finish()
        u8(revision);
        u8(0); // Checksum, set by finish()
        ascii(OEM_ID, 6);
        ascii("JHYV" + signature, 8);
        u32(OEM_REVISION);
        ascii(CREATOR_ID, 4);
        u32(CREATOR_REVISION);
        return this;
    }

    TableWriter u8(int v) { out.write(v); return this; }

    TableWriter u16(int v) { u8(v); return u8(v >>> 8); }

    TableWriter u32(long v) { u16((int) v); return u16((int) (v >>> 16)); }

    TableWriter u64(long v) { u32(v); return u32(v >>> 32); }

    TableWriter bytes(byte[] b) { out.write(b, 0, b.length); return this; }

    TableWriter zeros(int n) { for (int i = 0; i < n; i++) out.write(0); return this; }

    /** {@code s} as ASCII, space-padded or cut to exactly {@code width} bytes. */
    TableWriter ascii(String s, int width) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < width; i++) u8(i < b.length ? b[i] : ' ');
        return this;
    }

    TableWriter gas(GenericAddress a) { return bytes(a.bytes()); }

    int size() { return out.size(); }

    /** The table with Length and Checksum filled in. */
    byte[] finish() {
        byte[] t = out.toByteArray();
        putU32(t, LENGTH_OFFSET, t.length);
        t[CHECKSUM_OFFSET] = checksumByte(t, 0, t.length);
        return t;
    }

    /** The raw bytes, for structures without the common header (RSDP, FACS). */
    byte[] raw() { return out.toByteArray(); }

    static void putU32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    /** The byte that makes {@code b[off, off+len)} sum to zero mod 256, given it is zero now (§5.2.6). */
    static byte checksumByte(byte[] b, int off, int len) {
        return (byte) -sum(b, off, len);
    }

    static int sum(byte[] b, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) s += b[i] & 0xff;
        return s & 0xff;
    }
}

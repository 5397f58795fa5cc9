package io.jhyve.acpi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the few ACPI Machine Language terms jhyve's DSDT needs (ACPI 6.4 §20.2, "AML Grammar
 * Definition"): names, integers, strings, packages, buffers, scopes and devices. Each method returns
 * the encoded term; terms nest by passing encoded children. No methods, no control flow: the DSDT
 * only declares objects, and the firmware-side logic lives in fixed hardware jhyve emulates.
 */
public final class Aml {
    // §20.2.3 and §20.2.5 opcodes.
    static final int ZERO_OP = 0x00, ONE_OP = 0x01, NAME_OP = 0x08, BYTE_PREFIX = 0x0a, WORD_PREFIX = 0x0b,
            DWORD_PREFIX = 0x0c, STRING_PREFIX = 0x0d, QWORD_PREFIX = 0x0e, SCOPE_OP = 0x10, BUFFER_OP = 0x11,
            PACKAGE_OP = 0x12, EXT_OP_PREFIX = 0x5b, DEVICE_OP = 0x82, ROOT_CHAR = 0x5c, ONES_OP = 0xff;

    private Aml() { }

    /**
     * A NameSeg (§20.2.2): exactly four characters, a lead of A-Z or '_', then A-Z, 0-9 or '_'.
     * Shorter names are padded with '_' as ASL compilers do.
     */
    public static byte[] nameSeg(String seg) {
        if (seg.isEmpty() || seg.length() > 4 || !seg.matches("[A-Z_][A-Z0-9_]*")) {
            throw new IllegalArgumentException("AML NameSeg \"" + seg
                    + "\" must be 1-4 characters: A-Z or _ first, then A-Z, 0-9 or _");
        }
        StringBuilder sb = new StringBuilder(seg);
        while (sb.length() < 4) sb.append('_');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A NameString: a NameSeg, or "\SEG" relative to the root. */
    static byte[] nameString(String name) {
        if (name.startsWith("\\")) return concat(new byte[] {(byte) ROOT_CHAR}, nameSeg(name.substring(1)));
        return nameSeg(name);
    }

    /**
     * PkgLength (§20.2.4) for {@code contentLength} bytes that follow it. The encoded length counts
     * its own bytes: one byte up to 63, else a lead byte holding the count of extra bytes in bits
     * 7:6 and the low nibble, then the rest eight bits at a time.
     */
    static byte[] pkgLength(int contentLength) {
        if (contentLength + 1 < 0x40) return new byte[] {(byte) (contentLength + 1)};
        for (int extra = 1; extra <= 3; extra++) {
            int total = contentLength + 1 + extra;
            if (total < 1 << (4 + 8 * extra)) {
                byte[] b = new byte[1 + extra];
                b[0] = (byte) ((extra << 6) | (total & 0x0f));
                for (int i = 1; i <= extra; i++) b[i] = (byte) (total >>> (4 + 8 * (i - 1)));
                return b;
            }
        }
        throw new IllegalArgumentException("AML package of " + contentLength + " bytes exceeds PkgLength's 2^28");
    }

    /** The shortest integer encoding: ZeroOp, OneOp, or a Byte/Word/DWord/QWord constant. */
    public static byte[] integer(long v) {
        if (v == 0) return new byte[] {ZERO_OP};
        if (v == 1) return new byte[] {ONE_OP};
        if (v > 0 && v <= 0xff) return new byte[] {BYTE_PREFIX, (byte) v};
        if (v > 0 && v <= 0xffff) return le(WORD_PREFIX, v, 2);
        if (v > 0 && v <= 0xffff_ffffL) return le(DWORD_PREFIX, v, 4);
        return le(QWORD_PREFIX, v, 8);
    }

    private static byte[] le(int prefix, long v, int n) {
        byte[] b = new byte[1 + n];
        b[0] = (byte) prefix;
        for (int i = 0; i < n; i++) b[1 + i] = (byte) (v >>> (8 * i));
        return b;
    }

    /** A String constant: printable ASCII, NUL-terminated. */
    public static byte[] string(String s) {
        if (!s.matches("[\\x01-\\x7f]*")) throw new IllegalArgumentException("AML string must be ASCII: " + s);
        return concat(new byte[] {STRING_PREFIX}, s.getBytes(StandardCharsets.US_ASCII), new byte[] {0});
    }

    /** {@code Name(seg, value)}. */
    public static byte[] name(String seg, byte[] value) {
        return concat(new byte[] {NAME_OP}, nameSeg(seg), value);
    }

    /** {@code Package(){elements}}; at most 255 elements (DefPackage's NumElements is a byte). */
    public static byte[] pkg(byte[]... elements) {
        if (elements.length > 255) throw new IllegalArgumentException("AML Package of " + elements.length + " > 255");
        byte[] body = concat(new byte[] {(byte) elements.length}, concat(elements));
        return concat(new byte[] {PACKAGE_OP}, pkgLength(body.length), body);
    }

    /** {@code Buffer(){data}}. */
    public static byte[] buffer(byte[] data) {
        byte[] body = concat(integer(data.length), data);
        return concat(new byte[] {BUFFER_OP}, pkgLength(body.length), body);
    }

    /** {@code Scope(name){terms}}, e.g. {@code scope("\\_SB", ...)}. */
    public static byte[] scope(String name, byte[]... terms) {
        byte[] body = concat(nameString(name), concat(terms));
        return concat(new byte[] {SCOPE_OP}, pkgLength(body.length), body);
    }

    /** {@code Device(seg){terms}}. */
    public static byte[] device(String seg, byte[]... terms) {
        byte[] body = concat(nameSeg(seg), concat(terms));
        return concat(new byte[] {EXT_OP_PREFIX, (byte) DEVICE_OP}, pkgLength(body.length), body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.write(p, 0, p.length);
        return out.toByteArray();
    }
}

package io.jhyve.inspect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Setup-header fields read straight from the file, as other launchers read them: no "0 means 4"
 * for setup_sects, no check of the jump at 0x200. Bytes past the end of the file read as zero.
 */
final class RawHeader {
    private RawHeader() { }

    static int u8(byte[] b, int off) {
        return off < b.length ? b[off] & 0xff : 0;
    }

    static int u16(byte[] b, int off) {
        return u8(b, off) | u8(b, off + 1) << 8;
    }

    static long u32(byte[] b, int off) {
        return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xffff_ffffL;
    }

    static long u64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}

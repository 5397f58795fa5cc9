package io.jhyve.inspect;

import io.airlift.compress.lz4.Lz4Decompressor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * LZ4's legacy frame, the one Linux compresses kernels and initramfs images with (`lz4 -l`; see
 * lib/decompress_unlz4.c): the magic 0x184C2102, then blocks, each a little-endian u32 compressed
 * size followed by one LZ4 block that decompresses to at most 8 MiB. The frame has no end mark: it
 * ends with the input, at a zero size, or where a size could not be a block (the 4-byte size Linux
 * appends to a bzImage payload). A repeated magic starts a concatenated frame. aircompressor
 * decodes the blocks; it has no reader for this framing.
 */
final class Lz4Legacy {
    static final int MAGIC = 0x184C2102;
    /** lz4's legacy block size: 8 MiB of output per block. */
    static final int BLOCK_MAX = 8 << 20;

    private Lz4Legacy() { }

    static byte[] decompress(byte[] data, int offset, int length, long limit) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(data, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4 || in.getInt() != MAGIC) throw new IOException("lz4: no legacy frame magic 0x184C2102");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] block = new byte[BLOCK_MAX];
        Lz4Decompressor lz4 = new Lz4Decompressor();
        while (in.remaining() >= 4) {
            int size = in.getInt();
            if (size == MAGIC) continue;
            if (size <= 0 || size > in.remaining()) break; // end of frame: a trailer or padding, not a block
            int n;
            try {
                n = lz4.decompress(data, offset + in.position(), size, block, 0, BLOCK_MAX);
            } catch (RuntimeException e) {
                throw new IOException(String.format("lz4 block at offset %d is corrupt: %s", in.position() - 4,
                        e.getMessage()), e);
            }
            if (out.size() + (long) n > limit) throw Decompressor.tooLarge(PayloadCompression.LZ4_LEGACY, limit);
            out.write(block, 0, n);
            in.position(in.position() + size);
        }
        return out.toByteArray();
    }
}

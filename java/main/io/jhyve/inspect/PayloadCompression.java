package io.jhyve.inspect;

import java.util.Optional;

/**
 * The compression formats Linux can use for a bzImage payload (the CONFIG_KERNEL_* choice, see
 * arch/x86/boot/compressed/Makefile) and for an initramfs (the CONFIG_RD_* decompressors of
 * lib/decompress.c), each recognised by the magic bytes its stream starts with.
 *
 * @param label       the name shown to users
 * @param magic       the leading bytes that identify the stream
 * @param configRd    the kernel option that lets the kernel unpack an initramfs in this format
 * @param decompressible whether jhyve can decompress it (LZO has no well-kept Java library)
 */
public enum PayloadCompression {
    /** RFC 1952 member header: ID1 ID2 and CM 8 (deflate). */
    GZIP("gzip", new byte[] {0x1f, (byte) 0x8b, 0x08}, "CONFIG_RD_GZIP", true),
    /** bzip2 stream header "BZh". */
    BZIP2("bzip2", new byte[] {'B', 'Z', 'h'}, "CONFIG_RD_BZIP2", true),
    /**
     * The legacy .lzma header Linux's lzma tool writes: properties byte 0x5d (lc=3, lp=0, pb=2)
     * then a little-endian dictionary size whose low two bytes are zero for every -N preset.
     */
    LZMA("lzma", new byte[] {0x5d, 0x00, 0x00}, "CONFIG_RD_LZMA", true),
    /** .xz stream header magic (the xz file format spec, section 2.1.1.1). */
    XZ("xz", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0x00}, "CONFIG_RD_XZ", true),
    /** lzop file magic. */
    LZO("lzo", new byte[] {(byte) 0x89, 'L', 'Z', 'O', 0x00}, "CONFIG_RD_LZO", false),
    /** LZ4's legacy frame (magic 0x184C2102 little-endian), the one `lz4 -l` and Linux use. */
    LZ4_LEGACY("lz4 (legacy frame)", new byte[] {0x02, 0x21, 0x4c, 0x18}, "CONFIG_RD_LZ4", true),
    /** RFC 8878 Zstandard frame magic 0xFD2FB528 little-endian. */
    ZSTD("zstd", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, "CONFIG_RD_ZSTD", true);

    private final String label;
    private final byte[] magic;
    private final String configRd;
    private final boolean decompressible;

    PayloadCompression(String label, byte[] magic, String configRd, boolean decompressible) {
        this.label = label;
        this.magic = magic;
        this.configRd = configRd;
        this.decompressible = decompressible;
    }

    public String label() { return label; }

    public String configRd() { return configRd; }

    public boolean decompressible() { return decompressible; }

    /** The format whose magic starts {@code data} at {@code offset}, if any. */
    public static Optional<PayloadCompression> detect(byte[] data, int offset) {
        for (PayloadCompression c : values()) {
            if (c.matches(data, offset)) return Optional.of(c);
        }
        return Optional.empty();
    }

    boolean matches(byte[] data, int offset) {
        if (offset < 0 || offset + magic.length > data.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if (data[offset + i] != magic[i]) return false;
        }
        return true;
    }

    @Override
    public String toString() { return label; }
}

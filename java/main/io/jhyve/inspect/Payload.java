package io.jhyve.inspect;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jhyve.boot.SetupHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The compressed kernel inside a bzImage (boot.rst "payload_offset"/"payload_length", protocol
 * 2.08+) and what decompressing it gave.
 *
 * @param fileOffset       where the payload starts in the file
 * @param length           its length in bytes, the size trailer included
 * @param compression      the format's name, or "uncompressed ELF", or "unknown"
 * @param sizeFromTrailer  the last four bytes of the payload: the decompressed size that
 *                         arch/x86/boot/compressed/Makefile appends (size_append)
 * @param decompressedSize bytes the decompression gave, or null if it failed
 * @param error            why it could not be decompressed, or null
 * @param intact           true when it decompressed, false when it is missing, truncated or not
 *                         a compressed kernel at all (the kernel's own decompressor will fail too),
 *                         null when jhyve could not tell (no Java decoder, or implausibly large)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Payload(long fileOffset, long length, String compression, long sizeFromTrailer, Long decompressedSize,
                      String error, Boolean intact) {
    /** A decompressed kernel above this is taken to be a crafted file, not a kernel. */
    static final long VMLINUX_LIMIT = 1L << 30;

    /**
     * The rule no loader checks but every kernel meets: the compressed kernel is where the header
     * says and decompresses, or the kernel's decompressor stops the boot ("Decoding failed" or a
     * silent hang). Null when there is nothing to judge (no payload fields, or jhyve cannot tell).
     */
    LauncherVerdict.Check check() {
        if (intact == null) return null;
        return new LauncherVerdict.Check("the compressed kernel decompresses", intact, intact
                ? compression + ", " + Units.human(decompressedSize) + " decompressed" : error,
                LauncherVerdict.Basis.GUEST);
    }

    /** The payload and, when it could be had, the vmlinux it holds. */
    record Extracted(Payload payload, Optional<PayloadCompression> format, Optional<byte[]> vmlinux) { }

    /** Finds and decompresses the payload of a bzImage whose header is {@code h}. */
    static Extracted extract(SetupHeader h, byte[] image) {
        long start = h.payloadFileOffset() + h.payloadOffset();
        long length = h.payloadLength();
        if (h.version() < 0x0208 || length == 0) {
            String why = h.version() < 0x0208 ? "protocol " + h.versionString() + " < 2.08 has no payload_offset and "
                    + "payload_length" : "payload_length is 0: the header does not say where the compressed kernel is";
            return new Extracted(new Payload(start, 0, "unknown", 0, null, why, null), Optional.empty(), Optional.empty());
        }
        if (length < 4 || start + length > image.length) {
            return new Extracted(new Payload(start, length, "unknown", 0, null, String.format("payload [%s, %s) "
                    + "lies outside the %d-byte file", Units.hex(start), Units.hex(start + length), image.length), false),
                    Optional.empty(), Optional.empty());
        }
        int from = (int) start, body = (int) length - 4;
        long trailer = ByteBuffer.wrap(image, from + body, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffff_ffffL;
        if (image[from] == 0x7f && image[from + 1] == 'E' && image[from + 2] == 'L' && image[from + 3] == 'F') {
            byte[] elf = java.util.Arrays.copyOfRange(image, from, from + body);
            return new Extracted(new Payload(start, length, "uncompressed ELF", trailer, (long) elf.length, null, true),
                    Optional.empty(), Optional.of(elf));
        }
        Optional<PayloadCompression> format = PayloadCompression.detect(image, from);
        if (format.isEmpty()) {
            return new Extracted(new Payload(start, length, "unknown", trailer, null, noMagic(h, image, start), false), format,
                    Optional.empty());
        }
        try {
            byte[] vmlinux = Decompressor.decompress(format.get(), image, from, body, VMLINUX_LIMIT, trailer);
            return new Extracted(new Payload(start, length, format.get().label(), trailer, (long) vmlinux.length, null, true),
                    format, Optional.of(vmlinux));
        } catch (IOException e) {
            boolean undecidable = !format.get().decompressible() || e instanceof Decompressor.TooLarge;
            return new Extracted(new Payload(start, length, format.get().label(), trailer, null, e.getMessage(),
                    undecidable ? null : false), format, Optional.empty());
        }
    }

    /** Why there is no compressed kernel at {@code start}, naming the likely cause. */
    private static String noMagic(SetupHeader h, byte[] image, long start) {
        String at = "no compressed kernel at " + Units.hex(start);
        if (RawHeader.u8(image, SetupHeader.SETUP_SECTS) == 0) {
            return at + ": setup_sects is 0, which boot.rst says to read as 4, so the protected-mode code is taken "
                    + "from " + Units.hex(h.payloadFileOffset()) + "; this kernel's setup is longer";
        }
        return at + ": the payload starts with none of the magic numbers of gzip, bzip2, lzma, xz, lzo, lz4 or zstd "
                + "(damaged, or not a Linux kernel)";
    }
}

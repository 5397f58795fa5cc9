package io.jhyve.inspect;

import io.airlift.compress.bzip2.BZip2HadoopStreams;
import io.airlift.compress.zstd.ZstdInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.SingleXZInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Decompresses one stream of a {@link PayloadCompression} format held in memory. Each format reads
 * exactly one stream and ignores what follows it, because both places jhyve looks carry trailing
 * bytes: a bzImage payload ends with the decompressed size (arch/x86/boot/compressed/Makefile's
 * size_append) and an initrd may continue with padding or another archive.
 *
 * <p>The input is untrusted: output beyond {@code limit} bytes stops the work with an error, so
 * that a small crafted file cannot exhaust the heap.
 */
public final class Decompressor {
    private static final int CHUNK = 64 * 1024;

    private Decompressor() { }

    /**
     * Returns the decompressed bytes of the stream at {@code data[offset, offset + length)}; throws
     * an IOException naming the format and what went wrong.
     */
    public static byte[] decompress(PayloadCompression format, byte[] data, int offset, int length, long limit)
            throws IOException {
        return decompress(format, data, offset, length, limit, 0);
    }

    /**
     * As {@link #decompress(PayloadCompression, byte[], int, int, long)}, with the size the output
     * is expected to have (0: unknown). A bzImage states it in its size trailer; trusting it lets a
     * 60 MiB vmlinux be decompressed into one array of that size instead of a buffer that doubles
     * and is copied at the end, which needs three times the memory. A wrong hint costs a copy, no
     * more: the output is still what the stream holds.
     */
    public static byte[] decompress(PayloadCompression format, byte[] data, int offset, int length, long limit,
                                    long expectedSize) throws IOException {
        if (!format.decompressible()) {
            throw new IOException(format.label() + " cannot be decompressed by jhyve (no well-kept Java decoder)");
        }
        if (format == PayloadCompression.LZ4_LEGACY) return Lz4Legacy.decompress(data, offset, length, limit);
        try (InputStream in = open(format, new ByteArrayInputStream(data, offset, length))) {
            return expectedSize > 0 && expectedSize <= limit ? readExpected(in, (int) expectedSize, limit, format)
                    : readAtMost(in, limit, format);
        } catch (TooLarge e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Libraries report corrupt input as unchecked exceptions too (aircompressor's MalformedInputException).
            throw new IOException(format.label() + " stream is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    private static InputStream open(PayloadCompression format, InputStream raw) throws IOException {
        switch (format) {
            case GZIP: return new GZIPInputStream(raw, CHUNK);
            case XZ: return new SingleXZInputStream(raw);
            case LZMA: return new LZMAInputStream(raw);
            case ZSTD: return new ZstdInputStream(raw);
            case BZIP2: return new BZip2HadoopStreams().createInputStream(raw);
            default: throw new IllegalArgumentException("no stream decoder for " + format.label());
        }
    }

    static byte[] readAtMost(InputStream in, long limit, PayloadCompression format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        byte[] buf = new byte[CHUNK];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (out.size() + (long) n > limit) throw tooLarge(format, limit);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads into an array of {@code expected} bytes; grows only if the stream holds more. */
    private static byte[] readExpected(InputStream in, int expected, long limit, PayloadCompression format)
            throws IOException {
        byte[] out = new byte[expected];
        int n = in.readNBytes(out, 0, expected);
        if (n < expected) return Arrays.copyOf(out, n);
        int next = in.read();
        if (next < 0) return out;
        ByteArrayOutputStream more = new ByteArrayOutputStream(CHUNK);
        more.write(out, 0, expected);
        more.write(next);
        try {
            more.writeBytes(readAtMost(in, limit - expected - 1, format));
        } catch (TooLarge e) {
            throw tooLarge(format, limit);
        }
        return more.toByteArray();
    }

    static IOException tooLarge(PayloadCompression format, long limit) {
        return new TooLarge(String.format("%s stream decompresses to more than %s; stopped there",
                format.label(), Units.human(limit)));
    }

    /** The output limit was reached: the stream may be fine, but it is too large to be believed. */
    static final class TooLarge extends IOException {
        TooLarge(String message) { super(message); }
    }
}

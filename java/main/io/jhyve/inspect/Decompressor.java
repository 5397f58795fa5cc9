package io.jhyve.inspect;

import io.airlift.compress.bzip2.BZip2HadoopStreams;
import io.airlift.compress.zstd.ZstdInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.SingleXZInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
        if (format == PayloadCompression.LZ4_LEGACY) return Lz4Legacy.decompress(data, offset, length, limit);
        try (InputStream in = open(format, new ByteArrayInputStream(data, offset, length))) {
            return readAtMost(in, limit, format);
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
            default: throw new IOException(format.label() + " cannot be decompressed by jhyve (no Java decoder)");
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

    static IOException tooLarge(PayloadCompression format, long limit) {
        return new TooLarge(String.format("%s stream decompresses to more than %d MiB; stopped there",
                format.label(), limit >> 20));
    }

    /** The output limit was reached: the stream may be fine, but it is too large to be believed. */
    static final class TooLarge extends IOException {
        TooLarge(String message) { super(message); }
    }
}

package io.jhyve.inspect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecompressorTest {
    private static byte[] text(int n) {
        StringBuilder s = new StringBuilder();
        Random r = new Random(42);
        while (s.length() < n) s.append("virtio_blk ").append(r.nextInt(1000)).append('\n');
        return Samples.ascii(s.substring(0, n));
    }

    @ParameterizedTest
    @EnumSource(value = PayloadCompression.class, names = "LZO", mode = EnumSource.Mode.EXCLUDE)
    void eachFormatIsDetectedAndRoundTripsIgnoringTheSizeTrailer(PayloadCompression format) throws IOException {
        byte[] data = text(100_000);
        byte[] stream = Samples.concat(Samples.compress(format, data), Samples.le32(data.length));
        assertEquals(Optional.of(format), PayloadCompression.detect(stream, 0));
        assertArrayEquals(data, Decompressor.decompress(format, stream, 0, stream.length - 4, 1 << 20));
    }

    @Test
    void lz4LegacyFramesSpanSeveralBlocks() throws IOException {
        byte[] data = text(Lz4Legacy.BLOCK_MAX + 5000);
        byte[] stream = Samples.compress(PayloadCompression.LZ4_LEGACY, data);
        assertArrayEquals(data, Decompressor.decompress(PayloadCompression.LZ4_LEGACY, stream, 0, stream.length, 1L << 30));
    }

    @Test
    void stopsAtTheLimit() {
        byte[] stream = Samples.compress(PayloadCompression.GZIP, new byte[3 << 20]);
        IOException e = assertThrows(IOException.class,
                () -> Decompressor.decompress(PayloadCompression.GZIP, stream, 0, stream.length, 1 << 20));
        assertEquals("gzip stream decompresses to more than 1 MiB; stopped there", e.getMessage());
    }

    @Test
    void reportsACorruptStream() {
        byte[] stream = Samples.compress(PayloadCompression.XZ, text(10_000));
        stream[stream.length / 2] ^= 0x55;
        IOException e = assertThrows(IOException.class,
                () -> Decompressor.decompress(PayloadCompression.XZ, stream, 0, stream.length, 1 << 20));
        assertTrue(e.getMessage().startsWith("xz stream is corrupt or truncated: "), e.getMessage());
    }

    @Test
    void lzoIsRecognisedButNotDecompressed() {
        byte[] lzo = {(byte) 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a};
        assertEquals(Optional.of(PayloadCompression.LZO), PayloadCompression.detect(lzo, 0));
        IOException e = assertThrows(IOException.class,
                () -> Decompressor.decompress(PayloadCompression.LZO, lzo, 0, lzo.length, 1 << 20));
        assertEquals("lzo cannot be decompressed by jhyve (no well-kept Java decoder)",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = PayloadCompression.class, names = {"GZIP", "XZ", "ZSTD"})
    void aWrongSizeTrailerChangesNothingButTheCopying(PayloadCompression format) throws IOException {
        byte[] data = text(200_000);
        byte[] stream = Samples.compress(format, data);
        for (long hint : new long[] {data.length, data.length - 1, data.length + 1, 1, 1L << 40}) {
            assertArrayEquals(data, Decompressor.decompress(format, stream, 0, stream.length, 1 << 20, hint),
                    "size hint " + hint);
        }
        IOException e = assertThrows(IOException.class,
                () -> Decompressor.decompress(format, stream, 0, stream.length, 100_000, 50_000));
        assertEquals(format.label() + " stream decompresses to more than 97.7 KiB; stopped there", e.getMessage());
    }
}

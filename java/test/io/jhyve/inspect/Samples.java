package io.jhyve.inspect;

import io.airlift.compress.bzip2.BZip2HadoopStreams;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.jhyve.boot.SyntheticBzImage;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Inputs built in the tests: compressed streams, cpio archives, fake vmlinux files and bzImages carrying them. */
final class Samples {
    static final String CONFIG = String.join("\n",
            "# Automatically generated file; DO NOT EDIT.",
            "CONFIG_SERIAL_8250=y",
            "CONFIG_SERIAL_8250_CONSOLE=y",
            "CONFIG_VIRTIO=y",
            "CONFIG_VIRTIO_MMIO=y",
            "# CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES is not set",
            "CONFIG_VIRTIO_BLK=m",
            "CONFIG_LOCALVERSION=\"-test\"",
            "CONFIG_NR_CPUS=64",
            "");

    private Samples() { }

    /** {@code data} compressed as Linux's build (or an initramfs tool) would. */
    static byte[] compress(PayloadCompression format, byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (format) {
                case GZIP: write(new GZIPOutputStream(out), data); break;
                case XZ: write(new XZOutputStream(out, new LZMA2Options()), data); break;
                case LZMA: write(new LZMAOutputStream(out, new LZMA2Options(), -1), data); break;
                case BZIP2: write(new BZip2HadoopStreams().createOutputStream(out), data); break;
                case ZSTD: return block(new ZstdCompressor(), data);
                case LZ4_LEGACY: return lz4Legacy(data);
                default: throw new IllegalArgumentException("no test compressor for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(OutputStream out, byte[] data) throws IOException {
        try (out) {
            out.write(data);
        }
    }

    private static byte[] block(ZstdCompressor c, byte[] data) {
        byte[] out = new byte[c.maxCompressedLength(data.length)];
        return Arrays.copyOf(out, c.compress(data, 0, data.length, out, 0, out.length));
    }

    /** The legacy frame: magic, then one size-prefixed LZ4 block per 8 MiB of input. */
    private static byte[] lz4Legacy(byte[] data) {
        Lz4Compressor c = new Lz4Compressor();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le32(Lz4Legacy.MAGIC));
        for (int at = 0; at < data.length; at += Lz4Legacy.BLOCK_MAX) {
            int n = Math.min(Lz4Legacy.BLOCK_MAX, data.length - at);
            byte[] block = new byte[c.maxCompressedLength(n)];
            int size = c.compress(data, at, n, block, 0, block.length);
            out.writeBytes(le32(size));
            out.write(block, 0, size);
        }
        return out.toByteArray();
    }

    static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A stand-in for a decompressed vmlinux: not an ELF, some filler, the driver strings of the
     * given names as C strings, and, if {@code config} is not null, the IKCONFIG block.
     */
    static byte[] vmlinux(String config, String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[4096]);
        out.writeBytes(ascii("Linux version 6.6.0-fake (test@jhyve) #1\n\0"));
        for (String s : strings) out.writeBytes(ascii(s + "\0"));
        if (config != null) {
            out.writeBytes(KernelConfig.IKCFG_ST);
            out.writeBytes(compress(PayloadCompression.GZIP, config.getBytes(StandardCharsets.UTF_8)));
            out.writeBytes(KernelConfig.IKCFG_ED);
        }
        out.writeBytes(new byte[4096]);
        return out.toByteArray();
    }

    /** A bzImage whose payload is {@code vmlinux} compressed with {@code format}, plus the size trailer. */
    static SyntheticBzImage bzImage(PayloadCompression format, byte[] vmlinux) {
        SyntheticBzImage k = new SyntheticBzImage();
        k.payload = concat(compress(format, vmlinux), le32(vmlinux.length));
        return k;
    }

    /** A newc archive builder: entries, then the trailer. */
    static final class CpioBuilder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final String magic;
        private int ino = 1;

        CpioBuilder() { this(Cpio.NEWC); }

        CpioBuilder(String magic) { this.magic = magic; }

        CpioBuilder file(String name, int perm, String data) {
            return entry(name, Cpio.S_IFREG | perm, ascii(data));
        }

        CpioBuilder dir(String name) {
            return entry(name, Cpio.S_IFDIR | 0755, new byte[0]);
        }

        CpioBuilder symlink(String name, String target) {
            return entry(name, Cpio.S_IFLNK | 0777, ascii(target));
        }

        CpioBuilder entry(String name, int mode, byte[] data) {
            byte[] n = ascii(name + "\0");
            out.writeBytes(ascii(magic + String.format("%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
                    ino++, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, n.length, 0)));
            out.writeBytes(n);
            pad();
            out.writeBytes(data);
            pad();
            return this;
        }

        private void pad() {
            while (out.size() % 4 != 0) out.write(0);
        }

        byte[] build() {
            entry(Cpio.TRAILER, 0, new byte[0]);
            return out.toByteArray();
        }
    }
}

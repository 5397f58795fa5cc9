package io.jhyve.inspect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitrdReportTest {
    private static byte[] withInit() {
        return new Samples.CpioBuilder().dir("bin").file("bin/busybox", 0755, "ELF...").file("init", 0755,
                "#!/bin/sh\nexec sh\n").build();
    }

    @Test
    void aPlainNewcArchiveWithInit() {
        InitrdReport r = InitrdReport.inspect("initrd", withInit(), "/init");
        assertEquals("cpio newc", r.format());
        assertTrue(r.isInitramfs());
        assertEquals(3, r.entries());
        assertEquals("regular file, mode 0755, 18 bytes", r.init());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void theCrcFormatIsAcceptedToo() {
        byte[] a = new Samples.CpioBuilder(Cpio.CRC).file("./init", 0755, "x").build();
        InitrdReport r = InitrdReport.inspect("initrd", a, "/init");
        assertEquals("cpio crc", r.format());
        assertEquals("regular file, mode 0755, 1 bytes", r.init());
    }

    @ParameterizedTest
    @EnumSource(value = PayloadCompression.class, names = "LZO", mode = EnumSource.Mode.EXCLUDE)
    void eachCompressionIsUnpacked(PayloadCompression format) {
        byte[] archive = withInit();
        InitrdReport r = InitrdReport.inspect("initrd", Samples.compress(format, archive), "/init");
        assertEquals(format.label() + " (cpio newc)", r.format());
        assertEquals(archive.length, r.parts().get(0).decompressedSize());
        assertEquals("regular file, mode 0755, 18 bytes", r.init());
        assertEquals(Optional.of(format), InitrdReport.compression(Samples.compress(format, archive)));
    }

    @Test
    void aMissingInitIsAWarning() {
        byte[] a = Samples.compress(PayloadCompression.GZIP, new Samples.CpioBuilder().file("sbin/init", 0755, "x").build());
        InitrdReport r = InitrdReport.inspect("initrd", a, "/init");
        assertNull(r.init());
        assertEquals(List.of("no /init in the archives: the kernel will not run an initramfs init and falls back to "
                + "mounting root="), r.warnings());
        assertEquals("regular file, mode 0755, 1 bytes", InitrdReport.inspect("initrd", a, "/sbin/init").init());
    }

    @Test
    void anEarlyMicrocodeArchiveThenACompressedMainOne() {
        byte[] early = new Samples.CpioBuilder().dir("kernel").dir("kernel/x86").file("kernel/x86/microcode/"
                + "GenuineIntel.bin", 0644, "ucode").build();
        byte[] main = new Samples.CpioBuilder().symlink("init", "/usr/lib/systemd/systemd").build();
        for (PayloadCompression format : List.of(PayloadCompression.ZSTD, PayloadCompression.GZIP)) {
            byte[] initrd = Samples.concat(early, new byte[512], Samples.compress(format, main));
            InitrdReport r = InitrdReport.inspect("initrd.img", initrd, "/init");
            assertEquals("cpio newc + " + format.label() + " (cpio newc)", r.format());
            assertEquals(2, r.parts().size());
            assertEquals(early.length + 512, r.parts().get(1).offset());
            assertEquals("symlink to /usr/lib/systemd/systemd", r.init());
            assertEquals(Optional.of(format), InitrdReport.compression(initrd));
        }
    }

    @Test
    void concatenatedPlainArchivesAreAllRead() {
        byte[] a = Samples.concat(new Samples.CpioBuilder().file("a", 0644, "1").build(),
                new Samples.CpioBuilder().file("init", 0700, "2").build());
        InitrdReport r = InitrdReport.inspect("initrd", a, "/init");
        assertEquals("cpio newc + newc", r.format());
        assertEquals(2, r.entries());
        assertEquals(Optional.empty(), InitrdReport.compression(a));
    }

    @Test
    void aNonExecutableInitIsAWarning() {
        byte[] a = new Samples.CpioBuilder().file("init", 0644, "#!/bin/sh").build();
        assertEquals(List.of("/init is not executable (mode 644)"), InitrdReport.inspect("i", a, "/init").warnings());
    }

    @Test
    void aTruncatedArchiveIsReported() {
        byte[] whole = withInit();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 150);
        InitrdReport r = InitrdReport.inspect("initrd", cut, "/init");
        assertTrue(r.warnings().get(0).startsWith("part at offset 0: cpio entry at offset"), r.warnings().toString());
    }

    @Test
    void notAnInitramfsAtAll() {
        byte[] ext2 = new byte[4096];
        ext2[1080] = 0x53;
        ext2[1081] = (byte) 0xef;
        InitrdReport r = InitrdReport.inspect("disk.img", ext2, "/init");
        assertFalse(r.isInitramfs());
        assertEquals("not an initramfs at all: an ext2/3/4 file system image (a disk, or an old-style initrd for "
                + "root=/dev/ram0)", r.format());
        assertEquals("not an initramfs at all: unrecognised content",
                InitrdReport.inspect("x", Samples.ascii("hello world"), "/init").format());
    }
}

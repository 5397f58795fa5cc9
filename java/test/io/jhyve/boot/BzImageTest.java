package io.jhyve.boot;

import io.jhyve.boot.BootProtocolException.Rule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BzImageTest {
    private static BootProtocolException refuse(SyntheticBzImage k, Rule rule) {
        BootProtocolException e = assertThrows(BootProtocolException.class, k::parse);
        assertEquals(rule, e.rule());
        return e;
    }

    @Test
    void parsesTheSetupHeaderFields() {
        BzImage k = new SyntheticBzImage().parse();
        SetupHeader h = k.header();
        assertEquals(4, h.setupSects());
        assertEquals(0x26c, h.headerEnd());
        assertEquals(0x020f, h.version());
        assertEquals("2.15", h.versionString());
        assertEquals(0x300, h.syssize());
        assertEquals(SetupHeader.LOADED_HIGH, h.loadflags());
        assertTrue(h.relocatableKernel());
        assertEquals(0x200000, h.kernelAlignment());
        assertEquals(21, h.minAlignment());
        assertEquals(SetupHeader.XLF_KERNEL_64 | SetupHeader.XLF_CAN_BE_LOADED_ABOVE_4G, h.xloadflags());
        assertEquals(2047, h.cmdlineSize());
        assertEquals(0x7fffffffL, h.initrdAddrMax());
        assertEquals(0x1000000, h.prefAddress());
        assertEquals(0x800000, h.initSize());
        assertEquals(0x100000, h.code32Start());
        assertEquals(0xa00, k.payloadOffset());
        assertEquals(0x3000, k.payloadSize());
        assertEquals("Linux boot protocol 2.15", k.protocol());
        assertEquals(SyntheticBzImage.KERNEL_VERSION, k.versionString());
    }

    @Test
    void setupSectsZeroMeansFour() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.setupSectsField = 0;
        BzImage k = s.parse();
        assertEquals(4, k.header().setupSects());
        assertEquals(5 * 512, k.payloadOffset());
    }

    @Test
    void setupHeaderBytesRunFrom0x1f1ToTheJumpTarget() {
        SyntheticBzImage s = new SyntheticBzImage();
        byte[] file = s.build();
        BzImage k = BzImage.parse("k", file);
        assertArrayEquals(java.util.Arrays.copyOfRange(file, 0x1f1, 0x26c), k.setupHeaderBytes());
    }

    @Test
    void fieldsPastAShortHeaderReadAsZero() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.jump = 0x36eb; // header ends at 0x238: no cmdline_size, pref_address or init_size
        SetupHeader h = s.parse().header();
        assertEquals(0x238, h.headerEnd());
        assertEquals(0, h.cmdlineSize());
        assertEquals(0, h.prefAddress());
        assertEquals(0, h.initSize());
    }

    @Test
    void noKernelVersionPointerMeansNoVersionString() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.kernelVersion = null;
        assertEquals("", s.parse().versionString());
    }

    @Test
    void kernelImageParseRecognisesABzImage() {
        KernelImage k = KernelImage.parse("/x/vmlinuz", new SyntheticBzImage().build());
        assertInstanceOf(BzImage.class, k);
        assertEquals("bzImage", k.kind());
    }

    @Test
    void refusesAWrongBootFlag() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.bootFlag = 0x1234;
        assertEquals("/x/vmlinuz: not a bzImage: boot flag 0x1234 at 0x1fe, 0xAA55 required",
                refuse(s, Rule.BOOT_FLAG).getMessage());
    }

    @Test
    void refusesAMissingHdrS() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.headerMagic = 0;
        assertEquals("/x/vmlinuz: not a bzImage: no HdrS at 0x202", refuse(s, Rule.HDRS_MAGIC).getMessage());
    }

    @Test
    void refusesAFileTooShortForTheHeader() {
        BootProtocolException e = assertThrows(BootProtocolException.class, () -> BzImage.parse("", new byte[100]));
        assertEquals("not a bzImage: file has 100 bytes, too short for the setup header at 0x1f1", e.getMessage());
    }

    @Test
    void refusesAHeaderWithoutTheJump() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.jump = 0x6a90;
        assertEquals("/x/vmlinuz: not a bzImage: bytes 90 6a at 0x200 are not the forward short jump (0xEB) over "
                + "the setup header", refuse(s, Rule.SETUP_HEADER).getMessage());
    }

    @Test
    void refusesAnOldProtocol() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.version = 0x0204;
        assertEquals("bzImage /x/vmlinuz: kernel protocol 2.04 < 2.12 needed for 64-bit boot",
                refuse(s, Rule.PROTOCOL_VERSION).getMessage());
    }

    @Test
    void refusesAZImage() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.loadflags = 0;
        assertEquals("bzImage /x/vmlinuz: kernel is not loaded-high (loadflags bit LOADED_HIGH clear): "
                + "zImage is not supported", refuse(s, Rule.LOADED_HIGH).getMessage());
    }

    @Test
    void refusesAKernelWithout64BitEntry() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.xloadflags = 0;
        assertEquals("bzImage /x/vmlinuz: kernel does not set XLF_KERNEL_64 (xloadflags 0x0): it has no 64-bit "
                + "entry point", refuse(s, Rule.KERNEL_64).getMessage());
    }

    @Test
    void refusesAFileEndingBeforeThePayload() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.setupSectsField = 27;
        s.fileLength = 9000;
        assertEquals("bzImage /x/vmlinuz: truncated kernel: setup_sects 27 says the protected-mode payload starts "
                + "at 14336 but the file has 9000 bytes", refuse(s, Rule.TRUNCATED).getMessage());
    }

    @Test
    void refusesASyssizeLargerThanTheFile() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.syssize = 0x400; // 16384 bytes, file has 0x3000 = 12288 after the setup
        assertEquals("bzImage /x/vmlinuz: truncated kernel: syssize 0x400 says the protected-mode payload is 16384 "
                + "bytes but the file has 12288 bytes after offset 2560", refuse(s, Rule.SYSSIZE).getMessage());
    }

    @Test
    void refusesAZeroSyssize() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.syssize = 0;
        assertEquals("bzImage /x/vmlinuz: syssize 0 at 0x1f4 declares an empty protected-mode payload",
                refuse(s, Rule.SYSSIZE).getMessage());
    }

    @Test
    void acceptsBytesAfterThePayload() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.fileLength = s.payloadOffset() + s.payloadBytes + 512; // e.g. an appended signature
        assertEquals(0x3000, s.parse().payloadSize());
    }

    @Test
    void omitsThePrefixWithoutADisplayName() {
        SyntheticBzImage s = new SyntheticBzImage();
        s.version = 0x0206;
        BootProtocolException e = assertThrows(BootProtocolException.class, () -> BzImage.parse(null, s.build()));
        assertEquals("kernel protocol 2.06 < 2.12 needed for 64-bit boot", e.getMessage());
        assertFalse(e.getMessage().contains("null"));
    }
}

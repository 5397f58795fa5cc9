package io.jhyve.boot;

import io.jhyve.boot.BootProtocolException.Rule;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The real-mode kernel header of a bzImage (Documentation/arch/x86/boot.rst, "The Real-Mode Kernel
 * Header"), decoded field by field. Offsets below are file offsets, which are also the offsets of
 * the copy inside struct boot_params. Fields that the kernel's header is too short to contain
 * (older protocols) read as zero.
 *
 * <p>{@link #parse} checks only what makes the bytes a setup header at all (boot flag, "HdrS", the
 * jump that sizes the header); protocol policy lives in {@link BzImage#parse}.
 *
 * @param setupSects     real-mode setup size in 512-byte sectors, with the "0 means 4" rule applied
 * @param syssize        protected-mode code size in 16-byte paragraphs (4 bytes wide since 2.04)
 * @param headerEnd      file offset just past the header: 0x202 + the byte at 0x201
 * @param kernelVersion  offset of the version string, less 0x200 (0: none)
 * @param prefAddress    preferred load address (2.10+)
 * @param initSize       bytes of memory the kernel needs from its runtime start (2.10+)
 */
public record SetupHeader(int setupSects, int rootFlags, long syssize, int vidMode, int bootFlag,
                          int headerEnd, int version, int kernelVersion, int typeOfLoader, int loadflags,
                          long code32Start, long ramdiskImage, long ramdiskSize, long cmdLinePtr,
                          long initrdAddrMax, long kernelAlignment, boolean relocatableKernel,
                          int minAlignment, int xloadflags, long cmdlineSize, long payloadOffset,
                          long payloadLength, long prefAddress, long initSize) {

    // Offsets of the fields (boot.rst header table).
    public static final int SETUP_SECTS = 0x1f1, ROOT_FLAGS = 0x1f2, SYSSIZE = 0x1f4, VID_MODE = 0x1fa,
            BOOT_FLAG = 0x1fe, JUMP = 0x200, HEADER = 0x202, VERSION = 0x206, KERNEL_VERSION = 0x20e,
            TYPE_OF_LOADER = 0x210, LOADFLAGS = 0x211, CODE32_START = 0x214, RAMDISK_IMAGE = 0x218,
            RAMDISK_SIZE = 0x21c, HEAP_END_PTR = 0x224, CMD_LINE_PTR = 0x228, INITRD_ADDR_MAX = 0x22c,
            KERNEL_ALIGNMENT = 0x230, RELOCATABLE_KERNEL = 0x234, MIN_ALIGNMENT = 0x235,
            XLOADFLAGS = 0x236, CMDLINE_SIZE = 0x238, HARDWARE_SUBARCH = 0x23c, PAYLOAD_OFFSET = 0x248,
            PAYLOAD_LENGTH = 0x24c, SETUP_DATA = 0x250, PREF_ADDRESS = 0x258, INIT_SIZE = 0x260;

    public static final int BOOT_FLAG_MAGIC = 0xAA55;
    /** "HdrS" read as a little-endian u32. */
    public static final int HDRS_MAGIC = 0x53726448;
    /** The x86 short jump opcode at 0x200 whose offset sizes the header. */
    public static final int JMP_REL8 = 0xEB;

    // loadflags bits.
    public static final int LOADED_HIGH = 1, KASLR_FLAG = 1 << 1, QUIET_FLAG = 1 << 5,
            KEEP_SEGMENTS = 1 << 6, CAN_USE_HEAP = 1 << 7;
    // xloadflags bits.
    public static final int XLF_KERNEL_64 = 1, XLF_CAN_BE_LOADED_ABOVE_4G = 1 << 1,
            XLF_EFI_HANDOVER_32 = 1 << 2, XLF_EFI_HANDOVER_64 = 1 << 3, XLF_EFI_KEXEC = 1 << 4;

    /** Header bytes this class decodes, up to the end of init_size. */
    private static final int DECODED_END = INIT_SIZE + 4;

    /** The "major.minor" spelling of the protocol version, e.g. "2.15". */
    public String versionString() {
        return versionString(version);
    }

    static String versionString(int version) {
        return String.format("%d.%02d", version >>> 8, version & 0xff);
    }

    /** File offset of the protected-mode payload: after the boot sector and the setup sectors. */
    public long payloadFileOffset() {
        return (setupSects + 1L) * 512;
    }

    /** Decodes the header of {@code image}; {@code source} names the file in error messages. */
    public static SetupHeader parse(byte[] image, String source) {
        if (image.length < BOOT_FLAG + 2) {
            throw new BootProtocolException(Rule.SETUP_HEADER, source, String.format(
                    "not a bzImage: file has %d bytes, too short for the setup header at 0x1f1", image.length));
        }
        ByteBuffer file = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int bootFlag = file.getShort(BOOT_FLAG) & 0xffff;
        if (bootFlag != BOOT_FLAG_MAGIC) {
            throw new BootProtocolException(Rule.BOOT_FLAG, source, String.format(
                    "not a bzImage: boot flag 0x%04X at 0x1fe, 0xAA55 required", bootFlag));
        }
        if (image.length < HEADER + 4 || file.getInt(HEADER) != HDRS_MAGIC) {
            throw new BootProtocolException(Rule.HDRS_MAGIC, source, "not a bzImage: no HdrS at 0x202");
        }
        return decode(image, headerEnd(image, source), bootFlag);
    }

    /**
     * The header fields as the bytes read, without checking the boot flag, "HdrS" or the jump over
     * the header: for explaining a damaged header field by field (inspect), never for booting.
     */
    public static SetupHeader readDamaged(byte[] image) {
        int headerEnd;
        try {
            headerEnd = headerEnd(image, "");
        } catch (BootProtocolException e) {
            headerEnd = Math.min(image.length, DECODED_END);
        }
        int bootFlag = image.length < BOOT_FLAG + 2 ? 0
                : ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getShort(BOOT_FLAG) & 0xffff;
        return decode(image, headerEnd, bootFlag);
    }

    private static SetupHeader decode(byte[] image, int headerEnd, int bootFlag) {
        // Fields past the header's own end do not exist in this protocol: read them as zero.
        ByteBuffer h = ByteBuffer.wrap(Arrays.copyOf(Arrays.copyOf(image, headerEnd), Math.max(headerEnd,
                DECODED_END))).order(ByteOrder.LITTLE_ENDIAN);
        int setupSects = h.get(SETUP_SECTS) & 0xff;
        return new SetupHeader(setupSects == 0 ? 4 : setupSects, u16(h, ROOT_FLAGS), u32(h, SYSSIZE),
                u16(h, VID_MODE), bootFlag, headerEnd, u16(h, VERSION), u16(h, KERNEL_VERSION),
                u8(h, TYPE_OF_LOADER), u8(h, LOADFLAGS), u32(h, CODE32_START), u32(h, RAMDISK_IMAGE),
                u32(h, RAMDISK_SIZE), u32(h, CMD_LINE_PTR), u32(h, INITRD_ADDR_MAX), u32(h, KERNEL_ALIGNMENT),
                u8(h, RELOCATABLE_KERNEL) != 0, u8(h, MIN_ALIGNMENT), u16(h, XLOADFLAGS), u32(h, CMDLINE_SIZE),
                u32(h, PAYLOAD_OFFSET), u32(h, PAYLOAD_LENGTH), h.getLong(PREF_ADDRESS), u32(h, INIT_SIZE));
    }

    /**
     * boot.rst ("jump"): 0x200 holds a short jump over the header, so 0x202 plus its signed offset is
     * where the header ends. A backward jump or one past the file means these are not header bytes.
     */
    private static int headerEnd(byte[] image, String source) {
        int opcode = image[JUMP] & 0xff;
        int offset = image[JUMP + 1];
        int end = HEADER + offset;
        if (opcode != JMP_REL8 || offset < 0) {
            throw new BootProtocolException(Rule.SETUP_HEADER, source, String.format(
                    "not a bzImage: bytes %02x %02x at 0x200 are not the forward short jump (0xEB) over the "
                            + "setup header", opcode, image[JUMP + 1] & 0xff));
        }
        if (end > image.length) {
            throw new BootProtocolException(Rule.TRUNCATED, source, String.format(
                    "truncated kernel: the setup header ends at 0x%x but the file has %d bytes", end, image.length));
        }
        return end;
    }

    private static int u8(ByteBuffer b, int off) { return b.get(off) & 0xff; }

    private static int u16(ByteBuffer b, int off) { return b.getShort(off) & 0xffff; }

    private static long u32(ByteBuffer b, int off) { return b.getInt(off) & 0xffff_ffffL; }
}

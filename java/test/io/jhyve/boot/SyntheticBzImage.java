package io.jhyve.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds bzImage-shaped byte arrays for tests: a boot sector and setup header laid out as boot.rst
 * describes, setup sectors, and a patterned protected-mode payload. Fields are public and mutable so
 * each test states only what it changes. Public so that other packages' tests (inspect) can build
 * kernels too.
 */
public final class SyntheticBzImage {
    public static final String KERNEL_VERSION = "6.6.0-jhyve-test (test@jhyve) #1 SMP";

    public int setupSectsField = 4;
    public int bootFlag = 0xAA55;
    public int headerMagic = SetupHeader.HDRS_MAGIC;
    public int jump = 0x6aeb; // 0xEB then 0x6a: header ends at 0x26c
    public int version = 0x020f;
    public int loadflags = SetupHeader.LOADED_HIGH;
    public int xloadflags = SetupHeader.XLF_KERNEL_64 | SetupHeader.XLF_CAN_BE_LOADED_ABOVE_4G;
    public boolean relocatable = true;
    public long kernelAlignment = 0x200000;
    public long prefAddress = 0x1000000;
    public long initSize = 0x800000;
    public long cmdlineSize = 2047;
    public long initrdAddrMax = 0x7fffffff;
    public int payloadBytes = 0x3000;
    public long syssize = -1; // -1: derived from payloadBytes
    public int fileLength = -1; // -1: exactly setup + payload
    public String kernelVersion = KERNEL_VERSION;
    /**
     * The compressed kernel (boot.rst "payload_offset"/"payload_length") placed at the start of the
     * protected-mode code, or null for the patterned payload. Sets payloadBytes when built.
     */
    public byte[] payload;

    public int setupSects() { return setupSectsField == 0 ? 4 : setupSectsField; }

    public int payloadOffset() { return (setupSects() + 1) * 512; }

    /** The pattern byte at payload offset {@code i}, for checking what was copied. */
    static byte payloadByte(int i) { return (byte) (i * 7 + 3); }

    public byte[] build() {
        if (payload != null) payloadBytes = payload.length;
        int natural = payloadOffset() + payloadBytes;
        ByteBuffer b = ByteBuffer.allocate(Math.max(natural, fileLength)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(SetupHeader.SETUP_SECTS, (byte) setupSectsField);
        b.putInt(SetupHeader.SYSSIZE, (int) (syssize >= 0 ? syssize : (payloadBytes + 15) / 16));
        b.putShort(SetupHeader.BOOT_FLAG, (short) bootFlag);
        b.putShort(SetupHeader.JUMP, (short) jump);
        b.putInt(SetupHeader.HEADER, headerMagic);
        b.putShort(SetupHeader.VERSION, (short) version);
        b.put(SetupHeader.LOADFLAGS, (byte) loadflags);
        b.putInt(SetupHeader.CODE32_START, 0x100000);
        b.putInt(SetupHeader.INITRD_ADDR_MAX, (int) initrdAddrMax);
        b.putInt(SetupHeader.KERNEL_ALIGNMENT, (int) kernelAlignment);
        b.put(SetupHeader.RELOCATABLE_KERNEL, (byte) (relocatable ? 1 : 0));
        b.put(SetupHeader.MIN_ALIGNMENT, (byte) 21);
        b.putShort(SetupHeader.XLOADFLAGS, (short) xloadflags);
        b.putInt(SetupHeader.CMDLINE_SIZE, (int) cmdlineSize);
        b.putLong(SetupHeader.PREF_ADDRESS, prefAddress);
        b.putInt(SetupHeader.INIT_SIZE, (int) initSize);
        if (kernelVersion != null) {
            int at = 0x300;
            b.putShort(SetupHeader.KERNEL_VERSION, (short) (at - 0x200));
            b.put(at, kernelVersion.getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < payloadBytes && payloadOffset() + i < b.capacity(); i++) {
            b.put(payloadOffset() + i, payload != null ? payload[i] : payloadByte(i));
        }
        if (payload != null) {
            b.putInt(SetupHeader.PAYLOAD_OFFSET, 0);
            b.putInt(SetupHeader.PAYLOAD_LENGTH, payload.length);
        }
        byte[] all = b.array();
        return fileLength >= 0 ? java.util.Arrays.copyOf(all, fileLength) : all;
    }

    BzImage parse() {
        return BzImage.parse("/x/vmlinuz", build());
    }
}

package io.jhyve.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds bzImage-shaped byte arrays for tests: a boot sector and setup header laid out as boot.rst
 * describes, setup sectors, and a patterned protected-mode payload. Fields are public and mutable so
 * each test states only what it changes.
 */
final class SyntheticBzImage {
    static final String KERNEL_VERSION = "6.6.0-jhyve-test (test@jhyve) #1 SMP";

    int setupSectsField = 4;
    int bootFlag = 0xAA55;
    int headerMagic = SetupHeader.HDRS_MAGIC;
    int jump = 0x6aeb; // 0xEB then 0x6a: header ends at 0x26c
    int version = 0x020f;
    int loadflags = SetupHeader.LOADED_HIGH;
    int xloadflags = SetupHeader.XLF_KERNEL_64 | SetupHeader.XLF_CAN_BE_LOADED_ABOVE_4G;
    boolean relocatable = true;
    long kernelAlignment = 0x200000;
    long prefAddress = 0x1000000;
    long initSize = 0x800000;
    long cmdlineSize = 2047;
    long initrdAddrMax = 0x7fffffff;
    int payloadBytes = 0x3000;
    long syssize = -1; // -1: derived from payloadBytes
    int fileLength = -1; // -1: exactly setup + payload
    String kernelVersion = KERNEL_VERSION;

    int setupSects() { return setupSectsField == 0 ? 4 : setupSectsField; }

    int payloadOffset() { return (setupSects() + 1) * 512; }

    /** The pattern byte at payload offset {@code i}, for checking what was copied. */
    static byte payloadByte(int i) { return (byte) (i * 7 + 3); }

    byte[] build() {
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
            b.put(payloadOffset() + i, payloadByte(i));
        }
        byte[] all = b.array();
        return fileLength >= 0 ? java.util.Arrays.copyOf(all, fileLength) : all;
    }

    BzImage parse() {
        return BzImage.parse("/x/vmlinuz", build());
    }
}

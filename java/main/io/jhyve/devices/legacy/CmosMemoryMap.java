package io.jhyve.devices.legacy;

import static io.jhyve.devices.legacy.CmosRtc.*;

/**
 * The memory-size bytes a PC BIOS leaves in CMOS after POST, which bootloaders and old kernels read
 * (IBM PC AT Technical Reference for 0x15-0x18 and 0x30-0x31; the 16 MiB-4 GiB and above-4 GiB
 * counts at 0x34-0x35 and 0x5b-0x5d are the convention of the PC BIOSes virtual machines use).
 */
final class CmosMemoryMap {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long CHUNK_64K = 64 * KIB;
    private static final int BASE_MEMORY_KIB = 640;

    private CmosMemoryMap() { }

    /** A 128-byte CMOS image holding the memory sizes and the checksum over 0x10..0x2d. */
    static byte[] powerOnImage(long ramBelow4g, long ramAbove4g) {
        if (ramBelow4g < 0 || ramAbove4g < 0) {
            throw new IllegalArgumentException(String.format(
                    "CMOS memory sizes must not be negative: %d bytes below 4 GiB, %d above", ramBelow4g, ramAbove4g));
        }
        byte[] cmos = new byte[CMOS_SIZE];
        put16(cmos, CMOS_BASE_MEMORY_KIB, BASE_MEMORY_KIB);
        long extendedKib = Math.min(Math.max(ramBelow4g - MIB, 0) / KIB, 0xffff);
        put16(cmos, CMOS_EXTENDED_MEMORY_KIB, (int) extendedKib);
        put16(cmos, CMOS_EXTENDED_MEMORY_KIB_2, (int) extendedKib);
        long above16m = Math.min(Math.max(ramBelow4g - 16 * MIB, 0) / CHUNK_64K, 0xffff);
        put16(cmos, CMOS_MEMORY_ABOVE_16M, (int) above16m);
        long above4g = Math.min(ramAbove4g / CHUNK_64K, 0xff_ffff);
        put16(cmos, CMOS_MEMORY_ABOVE_4G, (int) above4g & 0xffff);
        cmos[CMOS_MEMORY_ABOVE_4G + 2] = (byte) (above4g >>> 16);
        int sum = 0;
        for (int i = 0x10; i <= 0x2d; i++) sum += cmos[i] & 0xff;
        cmos[CMOS_CHECKSUM] = (byte) (sum >>> 8);
        cmos[CMOS_CHECKSUM + 1] = (byte) sum;
        return cmos;
    }

    private static void put16(byte[] cmos, int at, int value) {
        cmos[at] = (byte) value;
        cmos[at + 1] = (byte) (value >>> 8);
    }
}

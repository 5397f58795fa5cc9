package io.jhyve.devices.legacy;

import static io.jhyve.devices.legacy.CmosRtc.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CmosRtcTest {
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now;

        ManualClock(String iso) { now = Instant.parse(iso); }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    // Saturday 2024-03-09 15:04:05.5 UTC
    private final ManualClock clock = new ManualClock("2024-03-09T15:04:05.500Z");
    private final CmosRtc rtc = new CmosRtc(clock, 512 * MIB, 0);

    private int cmos(int reg) {
        rtc.write(0, 1, reg);
        return (int) rtc.read(1, 1);
    }

    private void cmos(int reg, int value) {
        rtc.write(0, 1, reg);
        rtc.write(1, 1, value);
    }

    @Test
    void bcdTwentyFourHourByDefault() {
        assertEquals(0x05, cmos(RTC_SECONDS));
        assertEquals(0x04, cmos(RTC_MINUTES));
        assertEquals(0x15, cmos(RTC_HOURS));
        assertEquals(0x07, cmos(RTC_DAY_OF_WEEK), "Saturday is day 7");
        assertEquals(0x09, cmos(RTC_DAY_OF_MONTH));
        assertEquals(0x03, cmos(RTC_MONTH));
        assertEquals(0x24, cmos(RTC_YEAR));
        assertEquals(0x20, cmos(CMOS_CENTURY));
    }

    @Test
    void binaryMode() {
        cmos(RTC_REG_B, RTC_24H | RTC_DM_BINARY);
        assertEquals(5, cmos(RTC_SECONDS));
        assertEquals(15, cmos(RTC_HOURS));
        assertEquals(24, cmos(RTC_YEAR));
        assertEquals(20, cmos(CMOS_CENTURY));
    }

    @Test
    void twelveHourModeFlagsPm() {
        cmos(RTC_REG_B, 0);
        assertEquals(RTC_HOURS_PM | 0x03, cmos(RTC_HOURS));
        clock.now = Instant.parse("2024-03-09T00:30:00Z");
        assertEquals(0x12, cmos(RTC_HOURS), "midnight is 12 AM");
        clock.now = Instant.parse("2024-03-09T12:30:00Z");
        assertEquals(RTC_HOURS_PM | 0x12, cmos(RTC_HOURS), "noon is 12 PM");
        cmos(RTC_REG_B, RTC_DM_BINARY);
        assertEquals(RTC_HOURS_PM | 12, cmos(RTC_HOURS));
    }

    @Test
    void uipIsSetOnlyJustBeforeTheSecondTicks() {
        assertEquals(POWER_ON_REG_A, cmos(RTC_REG_A));
        clock.now = Instant.parse("2024-03-09T15:04:05.999900Z");
        assertEquals(RTC_UIP | POWER_ON_REG_A, cmos(RTC_REG_A));
        assertEquals(0x05, cmos(RTC_SECONDS), "still the old second during UIP");
        clock.now = Instant.parse("2024-03-09T15:04:06.000001Z");
        assertEquals(POWER_ON_REG_A, cmos(RTC_REG_A));
        assertEquals(0x06, cmos(RTC_SECONDS));
    }

    @Test
    void uipStaysClearWhileSetOrDividerStopped() {
        clock.now = Instant.parse("2024-03-09T15:04:05.999900Z");
        cmos(RTC_REG_B, RTC_SET | RTC_24H);
        assertEquals(0, cmos(RTC_REG_A) & RTC_UIP);
        cmos(RTC_REG_B, RTC_24H);
        cmos(RTC_REG_A, 0x70 | RTC_RATE_1024HZ);  // divider held in reset
        assertEquals(0, cmos(RTC_REG_A) & RTC_UIP);
    }

    @Test
    void registersCAndD() {
        assertEquals(0, cmos(RTC_REG_C));
        assertEquals(RTC_VRT, cmos(RTC_REG_D));
        cmos(RTC_REG_D, 0);
        assertEquals(RTC_VRT, cmos(RTC_REG_D), "read-only");
    }

    @Test
    void nmiMaskBitInIndexIsIgnored() {
        rtc.write(0, 1, 0x80 | RTC_REG_D);
        assertEquals(RTC_VRT, rtc.read(1, 1));
    }

    @Test
    void indexPortReadsAllOnes() {
        assertEquals(0xff, rtc.read(0, 1));
    }

    @Test
    void plainRamReadsBack() {
        for (int reg = 0x40; reg < CMOS_SIZE; reg++) cmos(reg, reg ^ 0x5a);
        for (int reg = 0x40; reg < CMOS_SIZE; reg++) assertEquals(reg ^ 0x5a, cmos(reg));
        cmos(RTC_SECONDS_ALARM, 0x33);
        assertEquals(0x33, cmos(RTC_SECONDS_ALARM));
    }

    /** Linux's mc146818_set_time(): SET, write year..seconds, clear SET; the clock runs on from there. */
    @Test
    void guestSetsTheTimeUnderSetBit() {
        cmos(RTC_REG_B, RTC_SET | RTC_24H);
        cmos(RTC_YEAR, 0x99);
        cmos(CMOS_CENTURY, 0x19);
        cmos(RTC_MONTH, 0x12);
        cmos(RTC_DAY_OF_MONTH, 0x31);
        cmos(RTC_HOURS, 0x23);
        cmos(RTC_MINUTES, 0x59);
        cmos(RTC_SECONDS, 0x58);
        assertEquals(0x58, cmos(RTC_SECONDS), "frozen while SET");
        cmos(RTC_REG_B, RTC_24H);
        clock.now = clock.now.plusSeconds(3);
        assertEquals(0x01, cmos(RTC_SECONDS));
        assertEquals(0x00, cmos(RTC_YEAR));
        assertEquals(0x20, cmos(CMOS_CENTURY));
        assertEquals(0x01, cmos(RTC_MONTH));
    }

    @Test
    void singleRegisterWriteWithoutSetTakesEffect() {
        cmos(RTC_MINUTES, 0x30);
        assertEquals(0x30, cmos(RTC_MINUTES));
        assertEquals(0x15, cmos(RTC_HOURS));
    }

    @Test
    void invalidTimeIsIgnored() {
        cmos(RTC_MONTH, 0x13);
        assertEquals(0x03, cmos(RTC_MONTH));
        cmos(RTC_SECONDS, 0xaa);
        assertEquals(0x05, cmos(RTC_SECONDS));
    }

    @Test
    void memorySizeBytesFor512MiB() {
        assertEquals(640, cmos(CMOS_BASE_MEMORY_KIB) | cmos(CMOS_BASE_MEMORY_KIB + 1) << 8);
        assertEquals(0xffff, cmos(CMOS_EXTENDED_MEMORY_KIB) | cmos(CMOS_EXTENDED_MEMORY_KIB + 1) << 8,
                "511 MiB of extended memory saturates the 16-bit KiB count");
        assertEquals(0xffff, cmos(CMOS_EXTENDED_MEMORY_KIB_2) | cmos(CMOS_EXTENDED_MEMORY_KIB_2 + 1) << 8);
        assertEquals((512 - 16) * 16, cmos(CMOS_MEMORY_ABOVE_16M) | cmos(CMOS_MEMORY_ABOVE_16M + 1) << 8);
        assertEquals(0, cmos(CMOS_MEMORY_ABOVE_4G) | cmos(CMOS_MEMORY_ABOVE_4G + 1) | cmos(CMOS_MEMORY_ABOVE_4G + 2));
    }

    @Test
    void memorySizeBytesForSmallRam() {
        CmosRtc small = new CmosRtc(clock, 8 * MIB, 0);
        small.write(0, 1, CMOS_EXTENDED_MEMORY_KIB);
        assertEquals(7 * 1024 & 0xff, small.read(1, 1));
        small.write(0, 1, CMOS_EXTENDED_MEMORY_KIB + 1);
        assertEquals(7 * 1024 >> 8, small.read(1, 1));
        small.write(0, 1, CMOS_MEMORY_ABOVE_16M);
        assertEquals(0, small.read(1, 1));
    }

    @Test
    void memoryAbove4GiBFromRamLayout() {
        CmosRtc big = CmosRtc.forRam(clock, 8 * GIB);
        long below = 3 * GIB;
        long above = 5 * GIB;
        int above16m = (int) ((below - 16 * MIB) / 65536);
        big.write(0, 1, CMOS_MEMORY_ABOVE_16M);
        assertEquals(above16m & 0xff, big.read(1, 1));
        big.write(0, 1, CMOS_MEMORY_ABOVE_16M + 1);
        assertEquals(above16m >> 8, big.read(1, 1));
        long units = above / 65536;  // 0x14000
        int[] bytes = new int[3];
        for (int i = 0; i < 3; i++) {
            big.write(0, 1, CMOS_MEMORY_ABOVE_4G + i);
            bytes[i] = (int) big.read(1, 1);
        }
        assertEquals(units, bytes[0] | bytes[1] << 8 | bytes[2] << 16);
    }

    @Test
    void checksumCoversBytes0x10To0x2d() {
        int sum = 0;
        for (int reg = 0x10; reg <= 0x2d; reg++) sum += cmos(reg);
        assertEquals(sum, cmos(CMOS_CHECKSUM) << 8 | cmos(CMOS_CHECKSUM + 1));
    }

    @Test
    void negativeSizeIsRefusedWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CmosRtc(clock, -1, 0));
        assertEquals("CMOS memory sizes must not be negative: -1 bytes below 4 GiB, 0 above", e.getMessage());
    }

    @Test
    void resetRestoresRamAndRegisters() {
        cmos(0x40, 0x12);
        cmos(RTC_REG_B, RTC_DM_BINARY);
        rtc.reset();
        assertEquals(0, cmos(0x40));
        assertEquals(POWER_ON_REG_B, cmos(RTC_REG_B));
    }
}

package io.jhyve.devices.legacy;

import io.jhyve.memory.RamLayout;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The PC's CMOS RAM and real-time clock (Motorola MC146818A) at ports 0x70 (index) and 0x71 (data);
 * attach at {@code [0x70, 0x72)}.
 *
 * <p>Contract:
 * <ul>
 *   <li>The time registers show {@code clock} in UTC (plus whatever offset the guest sets), in BCD or
 *       binary and 12- or 24-hour form as register B selects (datasheet, "Time, Calendar and Alarm
 *       Data Modes"). The century is at 0x32, where the PC AT BIOS keeps it.</li>
 *   <li>Register A's UIP bit is set for the last 244 µs of each second, the datasheet's warning window
 *       before an update; the time read during it is still the old second, so a reader that waits
 *       for UIP clear (Linux's {@code mc146818_get_time()}) always sees a consistent time.</li>
 *   <li>With register B's SET bit the guest freezes the registers, writes a new time, and on clearing
 *       SET the clock continues from it (an offset from {@code clock}; the host clock is untouched).
 *       A single time register written without SET takes effect at once. Values that do not form a
 *       valid date are ignored.</li>
 *   <li>Register C reads 0 (no periodic, alarm or update interrupts: no IRQ 8 is wired); register D
 *       reads VRT (battery good).</li>
 *   <li>Bit 7 of the index write is the PC's NMI mask; it is accepted and ignored.</li>
 *   <li>Every other byte of the 128 is plain RAM the guest can write and read back; the memory-size
 *       bytes are filled in the way PC BIOSes report them, see {@link #CmosRtc(Clock, long, long)}.</li>
 * </ul>
 */
public final class CmosRtc implements ByteWideDevice {
    public static final int RTC_INDEX_PORT = 0x70;
    public static final int RTC_PORT_COUNT = 2;
    public static final int CMOS_SIZE = 128;

    // MC146818A registers.
    public static final int RTC_SECONDS = 0x00;
    public static final int RTC_SECONDS_ALARM = 0x01;
    public static final int RTC_MINUTES = 0x02;
    public static final int RTC_MINUTES_ALARM = 0x03;
    public static final int RTC_HOURS = 0x04;
    public static final int RTC_HOURS_ALARM = 0x05;
    public static final int RTC_DAY_OF_WEEK = 0x06;
    public static final int RTC_DAY_OF_MONTH = 0x07;
    public static final int RTC_MONTH = 0x08;
    public static final int RTC_YEAR = 0x09;
    public static final int RTC_REG_A = 0x0a;
    public static final int RTC_REG_B = 0x0b;
    public static final int RTC_REG_C = 0x0c;
    public static final int RTC_REG_D = 0x0d;

    // Register bits.
    public static final int RTC_UIP = 0x80;          // A: update in progress
    public static final int RTC_DIV_CTL = 0x70;      // A: divider chain
    public static final int RTC_REF_CLCK_32KHZ = 0x20;
    public static final int RTC_RATE_1024HZ = 0x06;
    public static final int RTC_SET = 0x80;          // B: stop updates while the time is set
    public static final int RTC_DM_BINARY = 0x04;    // B: binary, else BCD
    public static final int RTC_24H = 0x02;          // B: 24-hour, else 12-hour with bit 7 = PM
    public static final int RTC_VRT = 0x80;          // D: valid RAM and time
    public static final int RTC_HOURS_PM = 0x80;

    // PC AT CMOS layout (IBM PC AT Technical Reference, "CMOS RAM Address Map").
    public static final int CMOS_CENTURY = 0x32;
    public static final int CMOS_BASE_MEMORY_KIB = 0x15;       // 2 bytes, little-endian
    public static final int CMOS_EXTENDED_MEMORY_KIB = 0x17;   // 2 bytes: KiB above 1 MiB, at most 0xFFFF
    public static final int CMOS_CHECKSUM = 0x2e;              // 2 bytes, big-endian, over 0x10..0x2d
    public static final int CMOS_EXTENDED_MEMORY_KIB_2 = 0x30; // copy of 0x17/0x18 set by POST
    public static final int CMOS_MEMORY_ABOVE_16M = 0x34;      // 2 bytes: 64 KiB units, 16 MiB..4 GiB
    public static final int CMOS_MEMORY_ABOVE_4G = 0x5b;       // 3 bytes: 64 KiB units above 4 GiB

    /** Register A at power-on: 32.768 kHz time base running, 1024 Hz periodic rate. */
    static final int POWER_ON_REG_A = RTC_REF_CLCK_32KHZ | RTC_RATE_1024HZ;
    /** Register B at power-on: BCD, 24-hour, as PC BIOSes leave it. */
    static final int POWER_ON_REG_B = RTC_24H;
    /** The datasheet's guarantee: UIP rises at least 244 µs before the update. */
    static final long UIP_WINDOW_NANOS = 244_000;

    private static final int[] TIME_REGISTERS = {RTC_SECONDS, RTC_MINUTES, RTC_HOURS, RTC_DAY_OF_WEEK,
        RTC_DAY_OF_MONTH, RTC_MONTH, RTC_YEAR, CMOS_CENTURY};

    private final Clock clock;
    private final byte[] powerOnRam;
    private final byte[] ram = new byte[CMOS_SIZE];
    private Duration offset = Duration.ZERO;
    private int index;

    /**
     * @param clock the host time source (injected so tests can fix it)
     * @param ramBelow4g guest RAM bytes below 4 GiB, including the first MiB
     * @param ramAbove4g guest RAM bytes from 4 GiB up
     */
    public CmosRtc(Clock clock, long ramBelow4g, long ramAbove4g) {
        this.clock = clock;
        this.powerOnRam = CmosMemoryMap.powerOnImage(ramBelow4g, ramAbove4g);
        reset();
    }

    /** A CMOS for {@code ramBytes} of guest RAM laid out as {@link RamLayout} places it. */
    public static CmosRtc forRam(Clock clock, long ramBytes) {
        long below = 0;
        long above = 0;
        for (long[] range : RamLayout.ranges(ramBytes)) {
            if (range[0] < RamLayout.MMIO_HOLE_END) below += range[1];
            else above += range[1];
        }
        return new CmosRtc(clock, below, above);
    }

    @Override
    public String name() { return "cmos-rtc@0x70"; }

    @Override
    public synchronized int readByte(int offset) {
        if (offset == 0) return 0xff;  // the index register is write-only
        return readRegister(index);
    }

    @Override
    public synchronized void writeByte(int offset, int value) {
        if (offset == 0) {
            index = value & 0x7f;  // bit 7 gates NMI on the PC; the VMM has no NMI source to mask
        } else {
            writeRegister(index, value);
        }
    }

    @Override
    public synchronized void reset() {
        System.arraycopy(powerOnRam, 0, ram, 0, CMOS_SIZE);
        ram[RTC_REG_A] = (byte) POWER_ON_REG_A;
        ram[RTC_REG_B] = (byte) POWER_ON_REG_B;
        index = 0;
    }

    private int regB() { return ram[RTC_REG_B] & 0xff; }

    private boolean setMode() { return (regB() & RTC_SET) != 0; }

    private int readRegister(int reg) {
        if (isTimeRegister(reg)) {
            return setMode() ? ram[reg] & 0xff : encodedNow()[reg];
        }
        return switch (reg) {
            case RTC_REG_A -> (ram[RTC_REG_A] & 0x7f) | (updateImminent() ? RTC_UIP : 0);
            case RTC_REG_C -> 0;
            case RTC_REG_D -> RTC_VRT;
            default -> ram[reg] & 0xff;
        };
    }

    private void writeRegister(int reg, int value) {
        if (isTimeRegister(reg)) {
            if (!setMode()) latchTime();
            ram[reg] = (byte) value;
            if (!setMode()) commitTime();
            return;
        }
        switch (reg) {
            case RTC_REG_A -> ram[reg] = (byte) (value & 0x7f);  // UIP is read-only
            case RTC_REG_B -> writeRegisterB(value);
            case RTC_REG_C, RTC_REG_D -> { }                       // read-only
            default -> ram[reg] = (byte) value;
        }
    }

    /** SET rising freezes the time registers for the guest to rewrite; SET falling runs from them. */
    private void writeRegisterB(int value) {
        boolean wasSet = setMode();
        boolean nowSet = (value & RTC_SET) != 0;
        if (nowSet && !wasSet) latchTime();
        ram[RTC_REG_B] = (byte) value;
        if (wasSet && !nowSet) commitTime();
    }

    private static boolean isTimeRegister(int reg) {
        for (int r : TIME_REGISTERS) if (r == reg) return true;
        return false;
    }

    private void latchTime() {
        int[] now = encodedNow();
        for (int r : TIME_REGISTERS) ram[r] = (byte) now[r];
    }

    private void commitTime() {
        RtcTimeFormat format = new RtcTimeFormat(regB());
        try {
            LocalDateTime set = format.decode(ram);
            offset = Duration.between(hostNow(), set.toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            // Not a valid date (a half-written time, or BCD digits above 9): the clock keeps running.
        }
    }

    private Instant hostNow() { return clock.instant(); }

    private LocalDateTime guestNow() {
        return LocalDateTime.ofInstant(hostNow().plus(offset), ZoneOffset.UTC);
    }

    /** The time registers' current contents, indexed by register number. */
    private int[] encodedNow() {
        return new RtcTimeFormat(regB()).encode(guestNow());
    }

    private boolean updateImminent() {
        boolean dividerRunning = (ram[RTC_REG_A] & RTC_DIV_CTL) == RTC_REF_CLCK_32KHZ;
        if (setMode() || !dividerRunning) return false;
        return guestNow().getNano() >= 1_000_000_000L - UIP_WINDOW_NANOS;
    }
}

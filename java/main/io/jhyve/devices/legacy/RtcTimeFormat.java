package io.jhyve.devices.legacy;

import static io.jhyve.devices.legacy.CmosRtc.*;

import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * How register B says the MC146818A presents time: BCD or binary (DM), 24-hour or 12-hour with
 * bit 7 of the hours byte meaning PM (datasheet, "Time, Calendar and Alarm Data Modes"). The day of
 * the week counts 1 = Sunday to 7 = Saturday, the PC convention.
 */
record RtcTimeFormat(boolean binary, boolean hours24) {
    RtcTimeFormat(int registerB) {
        this((registerB & RTC_DM_BINARY) != 0, (registerB & RTC_24H) != 0);
    }

    /** The time registers for {@code t}, indexed by register number (up to {@link CmosRtc#CMOS_CENTURY}). */
    int[] encode(LocalDateTime t) {
        int[] regs = new int[CMOS_CENTURY + 1];
        regs[RTC_SECONDS] = number(t.getSecond());
        regs[RTC_MINUTES] = number(t.getMinute());
        regs[RTC_HOURS] = hours(t.getHour());
        regs[RTC_DAY_OF_WEEK] = number(t.getDayOfWeek().getValue() % 7 + 1);
        regs[RTC_DAY_OF_MONTH] = number(t.getDayOfMonth());
        regs[RTC_MONTH] = number(t.getMonthValue());
        regs[RTC_YEAR] = number(t.getYear() % 100);
        regs[CMOS_CENTURY] = number(t.getYear() / 100);
        return regs;
    }

    /** The time the registers in {@code cmos} hold; throws if they do not form a valid date. */
    LocalDateTime decode(byte[] cmos) {
        int hourByte = cmos[RTC_HOURS] & 0xff;
        int hour;
        if (hours24) {
            hour = value(hourByte);
        } else {
            int h12 = value(hourByte & ~RTC_HOURS_PM);
            if (h12 < 1 || h12 > 12) throw new DateTimeException("12-hour clock hour " + h12);
            hour = h12 % 12 + ((hourByte & RTC_HOURS_PM) != 0 ? 12 : 0);
        }
        int year = value(cmos[CMOS_CENTURY] & 0xff) * 100 + value(cmos[RTC_YEAR] & 0xff);
        return LocalDateTime.of(year, value(cmos[RTC_MONTH] & 0xff), value(cmos[RTC_DAY_OF_MONTH] & 0xff),
                hour, value(cmos[RTC_MINUTES] & 0xff), value(cmos[RTC_SECONDS] & 0xff));
    }

    private int hours(int hour24) {
        if (hours24) return number(hour24);
        int h12 = hour24 % 12 == 0 ? 12 : hour24 % 12;
        return number(h12) | (hour24 >= 12 ? RTC_HOURS_PM : 0);
    }

    private int number(int n) {
        return binary ? n : (n / 10) << 4 | n % 10;
    }

    private int value(int encoded) {
        if (binary) return encoded;
        int tens = encoded >>> 4;
        int ones = encoded & 0x0f;
        if (tens > 9 || ones > 9) throw new DateTimeException(String.format("0x%02x is not BCD", encoded));
        return tens * 10 + ones;
    }
}

/* The MC146818 CMOS RTC at ports 0x70/0x71 (Motorola MC146818A datasheet). */
#ifndef GUEST_RTC_H
#define GUEST_RTC_H

#include <stdbool.h>
#include <stdint.h>

#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_REG_C	0x0c
#define RTC_REG_D	0x0d

#define RTC_UIP		0x80	/* A: update in progress, registers unstable */
#define RTC_24H		0x02	/* B: 24-hour mode */
#define RTC_DM_BINARY	0x04	/* B: binary, not BCD */
#define RTC_VRT		0x80	/* D: valid RAM and time (battery good) */
#define RTC_HOUR_PM	0x80	/* hours register in 12-hour mode */

struct rtc_time {
	unsigned int year, month, day, hour, minute, second;
};

uint8_t cmos_read(uint8_t reg);
/*
 * Reads date and time, decoding BCD and 12-hour mode as register B says.
 * Waits for UIP to clear and re-reads until two reads agree, so an update
 * between the register reads cannot tear the value. False if UIP never cleared.
 */
bool rtc_read_time(struct rtc_time *time);

#endif

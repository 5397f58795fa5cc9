#include "rtc.h"
#include "io.h"

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
/* UIP stays set under 2.3 ms per second; each read is a VM exit, so this is ample. */
#define UIP_POLL_LIMIT	20000

uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static unsigned int from_bcd(uint8_t v)
{
	return (v >> 4) * 10u + (v & 0x0f);
}

static bool wait_uip_clear(void)
{
	for (int i = 0; i < UIP_POLL_LIMIT; i++)
		if (!(cmos_read(RTC_REG_A) & RTC_UIP))
			return true;
	return false;
}

static bool read_raw(uint8_t raw[6])
{
	static const uint8_t regs[6] = {
		RTC_YEAR, RTC_MONTH, RTC_DAY_OF_MONTH, RTC_HOURS, RTC_MINUTES, RTC_SECONDS,
	};
	if (!wait_uip_clear())
		return false;
	for (int i = 0; i < 6; i++)
		raw[i] = cmos_read(regs[i]);
	return true;
}

bool rtc_read_time(struct rtc_time *time)
{
	uint8_t raw[6], again[6];
	bool same;

	if (!read_raw(raw))
		return false;
	do {
		if (!read_raw(again))
			return false;
		same = true;
		for (int i = 0; i < 6; i++) {
			same &= raw[i] == again[i];
			raw[i] = again[i];
		}
	} while (!same);

	uint8_t b = cmos_read(RTC_REG_B);
	bool pm = !(b & RTC_24H) && (raw[3] & RTC_HOUR_PM);
	if (!(b & RTC_24H))
		raw[3] &= (uint8_t)~RTC_HOUR_PM;
	unsigned int v[6];
	for (int i = 0; i < 6; i++)
		v[i] = (b & RTC_DM_BINARY) ? raw[i] : from_bcd(raw[i]);
	if (!(b & RTC_24H))
		v[3] = v[3] % 12 + (pm ? 12 : 0);	/* 12 AM is 0:xx, 12 PM is 12:xx */

	/* The year register has two digits; these guests do not outlive 2099. */
	*time = (struct rtc_time){ 2000 + v[0], v[1], v[2], v[3], v[4], v[5] };
	return true;
}

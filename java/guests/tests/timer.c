/*
 * The in-kernel PIT (Intel 8254 datasheet) measured against the RTC
 * (MC146818A datasheet): channel 0 at 100 Hz in mode 2 on IRQ 0, the channel 2
 * gate and output on port 0x61 (what Linux uses to calibrate the TSC), then the
 * RTC's date, time and register D.
 */
#include "format.h"
#include "io.h"
#include "pic.h"
#include "pit.h"
#include "rtc.h"
#include "test.h"

const char guest_name[] = "timer";

#define TICK_HZ		100
#define MEASURE_SECONDS	2
#define PIT_CHANNEL2	0x42
#define PIT_MODE	0x43
#define PIT_CMD_CH2_ONE_SHOT 0xb0	/* channel 2, lobyte/hibyte, mode 0, binary */
#define PORT_61		0x61		/* PC system control port B */
#define PORT_61_GATE2	0x01		/* channel 2 gate */
#define PORT_61_SPEAKER	0x02		/* speaker data enable */
#define PORT_61_OUT2	0x20		/* channel 2 output (read) */
/* Each RTC read is a VM exit; bounds the wait for the very first tick. */
#define FIRST_TICK_POLLS 2000000

static uint8_t start_seconds;

static bool seconds_changed(void)
{
	return cmos_read(RTC_SECONDS) != start_seconds;
}

/* Halts until the RTC's seconds register changes; false after 3 s of ticks. */
static bool wait_rtc_second(void)
{
	start_seconds = cmos_read(RTC_SECONDS);
	return wait_for(seconds_changed, 3 * TICK_HZ);
}

static void check_channel0_counts(unsigned int divisor)
{
	uint16_t first = pit_channel0_count(), next = first;
	for (int i = 0; i < 100 && next == first; i++)
		next = pit_channel0_count();
	check(next != first && first <= divisor && next <= divisor,
	      "PIT channel 0 counts down within the divisor (latched reads)",
	      "read %u then %u, divisor %u", first, next, divisor);
}

static bool first_tick(void)
{
	unsigned int changes = 0;
	uint8_t seconds = cmos_read(RTC_SECONDS);

	for (int i = 0; i < FIRST_TICK_POLLS && pit_ticks == 0 && changes < 3; i++) {
		uint8_t now = cmos_read(RTC_SECONDS);
		if (now != seconds)
			changes++, seconds = now;
	}
	return check(pit_ticks > 0, "PIT IRQ 0 interrupts arrive", "none after %u RTC seconds", changes);
}

static void measure_rate(void)
{
	if (!check(wait_rtc_second(), "RTC seconds advance", "no change within 3 s of PIT ticks"))
		return;
	uint64_t start = pit_ticks;
	bool ok = true;
	for (int i = 0; i < MEASURE_SECONDS && ok; i++)
		ok = wait_rtc_second();
	uint64_t ticks = pit_ticks - start;
	note("timer: %lu ticks in %d s", ticks, MEASURE_SECONDS);
	uint64_t expected = TICK_HZ * MEASURE_SECONDS;
	check(ok && ticks >= expected * 8 / 10 && ticks <= expected * 12 / 10,
	      "PIT channel 0 runs at 100 Hz +-20% against the RTC", "%lu ticks in %d s", ticks,
	      MEASURE_SECONDS);
}

static bool channel2_out_high(void)
{
	return inb(PORT_61) & PORT_61_OUT2;
}

static void check_channel2(void)
{
	uint16_t count = PIT_INPUT_HZ / 1000;	/* 1 ms */

	outb(PORT_61, (inb(PORT_61) & ~(PORT_61_SPEAKER | PORT_61_GATE2)) | PORT_61_GATE2);
	outb(PIT_MODE, PIT_CMD_CH2_ONE_SHOT);
	outb(PIT_CHANNEL2, (uint8_t)count);
	outb(PIT_CHANNEL2, (uint8_t)(count >> 8));
	uint64_t deadline = pit_ticks + 10;
	while (!channel2_out_high() && pit_ticks < deadline)
		pause();
	check(channel2_out_high(), "PIT channel 2 one-shot raises OUT2 on port 0x61 bit 5",
	      "port 0x61=0x%02x after 100 ms", inb(PORT_61));
	outb(PORT_61, inb(PORT_61) & ~PORT_61_GATE2);
}

static void check_rtc(void)
{
	struct rtc_time t;
	uint8_t b = cmos_read(RTC_REG_B);

	note("rtc: register B 0x%02x (%s, %s)", b, b & RTC_DM_BINARY ? "binary" : "BCD",
	     b & RTC_24H ? "24-hour" : "12-hour");
	if (!check(rtc_read_time(&t), "RTC update-in-progress flag clears", "UIP stayed set"))
		return;
	note("rtc: %04u-%02u-%02u %02u:%02u:%02u", t.year, t.month, t.day, t.hour, t.minute, t.second);
	check(t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= 31 && t.hour < 24 &&
	      t.minute < 60 && t.second < 60, "RTC date and time are valid",
	      "month %u day %u hour %u minute %u second %u", t.month, t.day, t.hour, t.minute, t.second);
	uint8_t d = cmos_read(RTC_REG_D);
	check(d & RTC_VRT, "RTC register D has VRT set", "register D=0x%02x", d);
}

void guest_main(const uint8_t *zero_page)
{
	(void)zero_page;

	pic_init();
	unsigned int divisor = pit_start_periodic(TICK_HZ);
	note("timer: PIT channel 0 mode 2, divisor %u", divisor);
	check_channel0_counts(divisor);
	sti();
	if (first_tick()) {
		measure_rate();
		check_channel2();
	}
	cli();
	pit_stop();
	check_rtc();
}

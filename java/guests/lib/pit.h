/*
 * The 8254 PIT channel 0 (Intel 8254 datasheet) as a periodic tick on IRQ 0,
 * used to measure time and to bound waits that halt until an interrupt.
 */
#ifndef GUEST_PIT_H
#define GUEST_PIT_H

#include <stdbool.h>
#include <stdint.h>

#define PIT_INPUT_HZ	1193182
#define PIT_IRQ		0

extern volatile uint64_t pit_ticks;

/* Returns the divisor programmed: round(PIT_INPUT_HZ / hz). Needs pic_init(). */
unsigned int pit_start_periodic(unsigned int hz);
void pit_stop(void);
/*
 * Channel 0 in mode 2 with the largest divisor (65536) and IRQ 0 left as it
 * is: a counter that wraps every 55 ms, to be read with pit_channel0_count.
 */
void pit_start_free_running(void);
/* Channel 0's current count, latched (8254 counter latch command) and read low byte first. */
uint16_t pit_channel0_count(void);
/*
 * Halts until done() holds or timeout_ticks PIT ticks have passed; returns
 * done(). Leaves interrupts enabled.
 */
bool wait_for(bool (*done)(void), uint64_t timeout_ticks);

#endif

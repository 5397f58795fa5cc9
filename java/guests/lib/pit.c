#include "pit.h"
#include "idt.h"
#include "io.h"
#include "pic.h"

#define PIT_CHANNEL0	0x40
#define PIT_MODE	0x43
/* Mode/command: channel 0, access lobyte/hibyte, mode 2 (rate generator), binary. */
#define PIT_CMD_CH0_RATE_GENERATOR 0x34
/* Counter latch command for channel 0: the count is held until both bytes are read. */
#define PIT_CMD_LATCH_CH0 0x00
/* Mode 0 with no reload stops the periodic interrupt after one terminal count. */
#define PIT_CMD_CH0_ONE_SHOT 0x30

volatile uint64_t pit_ticks;

static void pit_interrupt(struct interrupt_frame *frame)
{
	(void)frame;
	pit_ticks++;
	pic_eoi(PIT_IRQ);
}

unsigned int pit_start_periodic(unsigned int hz)
{
	unsigned int divisor = (PIT_INPUT_HZ + hz / 2) / hz;

	idt_set_handler(PIC_VECTOR_BASE + PIT_IRQ, pit_interrupt);
	outb(PIT_MODE, PIT_CMD_CH0_RATE_GENERATOR);
	outb(PIT_CHANNEL0, (uint8_t)divisor);
	outb(PIT_CHANNEL0, (uint8_t)(divisor >> 8));
	pic_unmask(PIT_IRQ);
	return divisor;
}

void pit_stop(void)
{
	pic_mask(PIT_IRQ);
	outb(PIT_MODE, PIT_CMD_CH0_ONE_SHOT);
}

bool wait_for(bool (*done)(void), uint64_t timeout_ticks)
{
	uint64_t deadline = pit_ticks + timeout_ticks;

	for (;;) {
		cli();
		if (done()) {
			sti();
			return true;
		}
		if (pit_ticks >= deadline) {
			sti();
			return false;
		}
		sti_hlt();
	}
}

void pit_start_free_running(void)
{
	outb(PIT_MODE, PIT_CMD_CH0_RATE_GENERATOR);
	outb(PIT_CHANNEL0, 0);	/* a divisor of 0 counts 65536 */
	outb(PIT_CHANNEL0, 0);
}

uint16_t pit_channel0_count(void)
{
	outb(PIT_MODE, PIT_CMD_LATCH_CH0);
	uint8_t lo = inb(PIT_CHANNEL0);
	return (uint16_t)(inb(PIT_CHANNEL0) << 8 | lo);
}

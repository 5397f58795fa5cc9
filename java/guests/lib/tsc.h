/*
 * The time-stamp counter as a clock for the benchmark guests. Reading it costs
 * no VM exit (neither KVM nor QEMU intercepts RDTSC by default), so it does not
 * disturb what it times; but nothing the guest can rely on in every VMM states
 * its rate (CPUID leaf 15H and KVM's pvclock are optional), so it is measured
 * against the 8254 PIT, whose input clock is PIT_INPUT_HZ in every PC-compatible
 * machine, in-kernel (KVM) or emulated (QEMU's split irqchip) alike.
 */
#ifndef GUEST_TSC_H
#define GUEST_TSC_H

#include <stdint.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	/* LFENCE first: RDTSC is not ordered with earlier instructions (SDM Vol. 2B, RDTSC). */
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Counts TSC cycles over pit_counts counts of PIT channel 0 (free running,
 * interrupts need not be on) and returns the TSC rate in Hz. Each end pairs a
 * TSC read with a latch command, so the error is the jitter of one port exit
 * over the whole span: choose a span of a few hundred milliseconds.
 */
uint64_t tsc_hz_from_pit(uint32_t pit_counts);

#endif

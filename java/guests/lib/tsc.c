#include "tsc.h"
#include "pit.h"

uint64_t tsc_hz_from_pit(uint32_t pit_counts)
{
	pit_start_free_running();
	uint64_t start = rdtsc(), end;
	uint16_t previous = pit_channel0_count(), count;
	uint32_t elapsed = 0;

	do {
		end = rdtsc();
		count = pit_channel0_count();
		/*
		 * The count falls from 65536 (read as 0) to 1, then reloads: modulo
		 * 2^16 the difference is the counts passed, as long as the polls come
		 * less than one 55 ms period apart.
		 */
		elapsed += (uint16_t)(previous - count);
		previous = count;
	} while (elapsed < pit_counts);
	return (end - start) * PIT_INPUT_HZ / elapsed;
}

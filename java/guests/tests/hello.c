/* The smallest guest, for start-up benchmarks: one line, then exit status 0. */
#include "format.h"
#include "test.h"

const char guest_name[] = "hello";

void guest_main(const uint8_t *zero_page)
{
	(void)zero_page;
	printf("Hello from a jhyve test guest\n");
}

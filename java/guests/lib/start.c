/* The C side of startup_64 (boot/entry.S): console, IDT, then the guest's checks. */
#include "format.h"
#include "idt.h"
#include "serial.h"
#include "test.h"

void guest_start(const uint8_t *zero_page);

void guest_start(const uint8_t *zero_page)
{
	serial_init();
	idt_init();
	printf("# jhyve test guest %s\n", guest_name);
	guest_main(zero_page);
	test_finish();
}

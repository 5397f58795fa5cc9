/*
 * Ends the VM the way the command line asks, for the VMM's reset and exit paths:
 *   reset=i8042       keyboard controller command 0xFE (pulse reset line)
 *   reset=triple      triple fault: exception with an empty IDT
 *   reset=debug-exit  write 0 (or the value of option status=<n>) to the debug-exit port
 * Whatever survives its reset attempt reports a failed check and exits 1.
 */
#include "cmdline.h"
#include "io.h"
#include "test.h"
#include "util.h"

const char guest_name[] = "reset";

/* Port reads are VM exits, where the VMM acts on the reset request. */
#define SURVIVAL_POLLS 1000

static void linger(void)
{
	for (int i = 0; i < SURVIVAL_POLLS; i++)
		inb(I8042_COMMAND);
}

void guest_main(const uint8_t *zero_page)
{
	char mode[16] = "";

	cmdline_get(boot_cmdline(zero_page), "reset", mode, sizeof(mode));
	note("reset: %s", mode);
	if (strcmp(mode, "i8042") == 0) {
		outb(I8042_COMMAND, I8042_CMD_RESET);
		linger();
		check(false, "i8042 command 0xFE resets the machine", "execution continued");
	} else if (strcmp(mode, "triple") == 0) {
		/* #BP finds no IDT, nor does the #DF after it: shutdown (SDM 3A 6.15). */
		struct __attribute__((packed)) { uint16_t limit; uint64_t base; } empty = { 0, 0 };
		__asm__ volatile("lidt %0; int3" : : "m"(empty));
		check(false, "a triple fault resets the machine", "execution continued");
	} else if (strcmp(mode, "debug-exit") == 0) {
		char text[8];
		uint64_t status = 0;
		if (cmdline_get(boot_cmdline(zero_page), "status", text, sizeof(text)))
			parse_u64(text, &status);
		outb(DEBUG_EXIT_PORT, (uint8_t)status);
		linger();
		check(false, "writing 0 to port 0xf4 ends the VM", "execution continued");
	} else {
		check(false, "reset mode given", "want reset=i8042, reset=triple or reset=debug-exit, got \"%s\"",
		      mode);
	}
}

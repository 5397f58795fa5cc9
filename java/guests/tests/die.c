/*
 * Ends without ending the VM, for the VMM's verdicts on guests that stop
 * talking:
 *   die=silent    prints one line, then sleeps with interrupts on (sti; hlt)
 *                 and never prints again: the VMM should call it silent
 *   die=hlt-cli   prints one line, then halts with interrupts off (cli; hlt):
 *                 nothing can ever wake it
 * Nothing follows; a guest that gets past its end reports a failed check.
 */
#include "cmdline.h"
#include "io.h"
#include "test.h"
#include "util.h"

const char guest_name[] = "die";

void guest_main(const uint8_t *zero_page)
{
	char mode[16] = "";

	cmdline_get(boot_cmdline(zero_page), "die", mode, sizeof(mode));
	note("die: %s", mode);
	if (strcmp(mode, "silent") == 0) {
		for (;;)
			sti_hlt();
	} else if (strcmp(mode, "hlt-cli") == 0) {
		__asm__ volatile("cli; hlt" ::: "memory");
		check(false, "cli; hlt stops the vCPU for good", "execution continued");
	} else {
		check(false, "die mode given", "want die=silent or die=hlt-cli, got \"%s\"", mode);
	}
}

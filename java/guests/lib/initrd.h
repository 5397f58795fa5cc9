/*
 * Reporting the initrd the same way from every boot path, so that the host
 * can compare the bytes the guest sees with the file it passed.
 */
#ifndef GUEST_INITRD_H
#define GUEST_INITRD_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Prints "# initrd: addr=0x<hex> size=<dec> fnv1a=0x<8 hex>" (FNV-1a 32 over
 * the bytes; about 5 instructions a byte), or "fnv1a=unreadable" when
 * !readable, or "# initrd: none" when size is 0.
 */
void initrd_note(uint64_t addr, uint64_t size, bool readable);
/* With option expect.initrd_size=<dec> on cmdline: checks it is a number equal to size. */
void initrd_check_expected_size(const char *cmdline, uint64_t size);

#endif

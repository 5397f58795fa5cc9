/* The 8259A pair (Intel 8259A datasheet), remapped to vectors 0x20-0x2f. */
#ifndef GUEST_PIC_H
#define GUEST_PIC_H

#include <stdbool.h>

#define PIC_VECTOR_BASE	0x20

/* Initialises both PICs (ICW1-ICW4) with every line masked. */
void pic_init(void);
void pic_unmask(unsigned int irq);
void pic_mask(unsigned int irq);
void pic_eoi(unsigned int irq);
/*
 * An IRQ 7 or 15 whose in-service bit is clear is spurious (8259A datasheet):
 * the PIC withdrew the request during the INTA cycle. Sends the EOI the master
 * needs for a spurious slave interrupt.
 */
bool pic_is_spurious(unsigned int irq);

#endif

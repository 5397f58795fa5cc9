#include "pic.h"
#include "io.h"

#define PIC1_COMMAND	0x20
#define PIC1_DATA	0x21
#define PIC2_COMMAND	0xa0
#define PIC2_DATA	0xa1

#define ICW1_INIT	0x10
#define ICW1_ICW4	0x01	/* ICW4 follows */
#define ICW4_8086	0x01
#define OCW2_EOI	0x20	/* non-specific end of interrupt */
#define OCW3_READ_ISR	0x0b
#define CASCADE_IRQ	2

void pic_init(void)
{
	outb(PIC1_COMMAND, ICW1_INIT | ICW1_ICW4);
	outb(PIC2_COMMAND, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, PIC_VECTOR_BASE);		/* ICW2: vector base */
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 1 << CASCADE_IRQ);		/* ICW3: slave on IR2 */
	outb(PIC2_DATA, CASCADE_IRQ);			/* ICW3: slave identity */
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, 0xff);				/* OCW1: mask everything */
	outb(PIC2_DATA, 0xff);
}

void pic_unmask(unsigned int irq)
{
	if (irq < 8) {
		outb(PIC1_DATA, inb(PIC1_DATA) & ~(1 << irq));
	} else {
		outb(PIC2_DATA, inb(PIC2_DATA) & ~(1 << (irq - 8)));
		outb(PIC1_DATA, inb(PIC1_DATA) & ~(1 << CASCADE_IRQ));
	}
}

void pic_mask(unsigned int irq)
{
	if (irq < 8)
		outb(PIC1_DATA, inb(PIC1_DATA) | (1 << irq));
	else
		outb(PIC2_DATA, inb(PIC2_DATA) | (1 << (irq - 8)));
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_COMMAND, OCW2_EOI);
	outb(PIC1_COMMAND, OCW2_EOI);
}

bool pic_is_spurious(unsigned int irq)
{
	if (irq != 7 && irq != 15)
		return false;
	uint16_t port = irq == 7 ? PIC1_COMMAND : PIC2_COMMAND;
	outb(port, OCW3_READ_ISR);
	if (inb(port) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC1_COMMAND, OCW2_EOI);
	return true;
}

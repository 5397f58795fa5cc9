#include "idt.h"
#include "pic.h"
#include "test.h"

#define ISR_STUB_SIZE	16
#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 64-bit interrupt gate (SDM 3A 6.14.1) */

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};

struct __attribute__((packed)) idt_register {
	uint16_t limit;
	uint64_t base;
};

extern const char isr_stubs[];
void interrupt_dispatch(struct interrupt_frame *frame);

static struct idt_gate idt[256] __attribute__((aligned(16)));
static interrupt_handler handlers[256];

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "reserved",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "reserved", "reserved",
	"reserved", "reserved", "reserved", "reserved", "#HV", "#VC", "#SX", "reserved",
};

void idt_init(void)
{
	uint16_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	for (int v = 0; v < 256; v++) {
		uint64_t addr = (uint64_t)(isr_stubs + v * ISR_STUB_SIZE);
		idt[v] = (struct idt_gate){
			.offset_low = (uint16_t)addr,
			.selector = cs,
			.type_attr = GATE_INTERRUPT,
			.offset_mid = (uint16_t)(addr >> 16),
			.offset_high = (uint32_t)(addr >> 32),
		};
	}
	struct idt_register idtr = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void idt_set_handler(uint8_t vector, interrupt_handler handler)
{
	handlers[vector] = handler;
}

void interrupt_dispatch(struct interrupt_frame *frame)
{
	uint64_t v = frame->vector;

	if (handlers[v]) {
		handlers[v](frame);
		return;
	}
	if (v < 32) {
		uint64_t cr2;
		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
		test_abort("unexpected exception",
			   "vector %lu (%s) error code 0x%lx at rip 0x%lx cr2 0x%lx",
			   v, exception_names[v], frame->error_code, frame->rip, cr2);
	}
	if (v >= PIC_VECTOR_BASE && v < PIC_VECTOR_BASE + 16 &&
	    pic_is_spurious((unsigned int)(v - PIC_VECTOR_BASE)))
		return;
	test_abort("unexpected interrupt", "vector %lu at rip 0x%lx", v, frame->rip);
}

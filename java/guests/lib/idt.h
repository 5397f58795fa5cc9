/*
 * A 64-bit IDT with a stub for every vector (lib/isr.S). Vectors without a
 * registered handler fail the test: exceptions print vector, error code and RIP.
 */
#ifndef GUEST_IDT_H
#define GUEST_IDT_H

#include <stdint.h>

/* The stack as lib/isr.S leaves it: saved registers, then what the CPU pushed. */
struct interrupt_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

typedef void (*interrupt_handler)(struct interrupt_frame *frame);

void idt_init(void);
void idt_set_handler(uint8_t vector, interrupt_handler handler);

#endif

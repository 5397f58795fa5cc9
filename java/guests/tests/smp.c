/*
 * Multiprocessor start-up as an OS does it (SDM Vol. 3A §8.4, "Multiple-
 * Processor (MP) Initialization"; ACPI 6.4 §5.2.12): the CPUs come from the
 * MADT, the boot CPU sends each other one INIT then STARTUP IPIs through its
 * local APIC's ICR, and each AP starts in real mode at the start-up vector's
 * page, where a trampoline records its CPUID APIC ID in a bitmap and counts
 * itself. Also checks the CPUID topology (leaves 1 and 0BH) and KVM's leaves.
 * Option expect.cpus=<n> checks the MADT's CPU count.
 *
 * Then an NMI IPI to each AP (ICR delivery mode NMI, SDM Vol. 3A §11.6.1), as
 * Linux's NMI backtrace sends: the AP, halted in real mode with interrupts
 * off, wakes, takes vector 2 through the real-mode IVT into the trampoline's
 * handler, counts it and halts again.
 */
#include "acpi.h"
#include "cmdline.h"
#include "format.h"
#include "io.h"
#include "pic.h"
#include "pit.h"
#include "test.h"
#include "util.h"

const char guest_name[] = "smp";

/* The trampoline page: free conventional memory, below the command line. */
#define TRAMPOLINE		0x10000
#define SIPI_VECTOR		(TRAMPOLINE >> 12)
/* Data the APs write, at these offsets in the trampoline page. */
#define AP_COUNT		0xf00
#define AP_MISMATCHES		0xf04
#define AP_NMIS			0xf08
#define AP_BITMAP		0xf20

#define LAPIC_BASE		0xfee00000ul
#define LAPIC_ID		0x020
#define LAPIC_SVR		0x0f0
#define LAPIC_ICR_LO		0x300
#define LAPIC_ICR_HI		0x310
#define LAPIC_SVR_ENABLE	(1u << 8)
#define ICR_INIT		(5u << 8)
#define ICR_STARTUP		(6u << 8)
#define ICR_NMI			(4u << 8)
/* The real-mode IVT entry of vector 2 (NMI): offset, then segment. */
#define IVT_NMI			(2 * 4)
#define ICR_LEVEL_ASSERT	(1u << 14)
#define ICR_SEND_PENDING	(1u << 12)
#define TICK_HZ			100
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)

/*
 * Runs on each AP in real mode at TRAMPOLINE (CS = SIPI_VECTOR << 8, IP = 0):
 * CPUID.1 EBX[31:24] is its APIC ID; where leaf 0BH exists its x2APIC ID
 * (EDX) must agree. Then it halts for good with interrupts off.
 */
__asm__(
	".section .rodata.ap_trampoline, \"a\"\n"
	".code16\n"
	"ap_trampoline_start:\n"
	"	cli\n"
	"	movw %cs, %ax\n"
	"	movw %ax, %ds\n"
	"	movl $1, %eax\n"
	"	cpuid\n"
	"	shrl $24, %ebx\n"
	"	movl %ebx, %esi\n"
	"	xorl %eax, %eax\n"
	"	cpuid\n"
	"	cmpl $0xb, %eax\n"
	"	jb 1f\n"
	"	movl $0xb, %eax\n"
	"	xorl %ecx, %ecx\n"
	"	cpuid\n"
	"	cmpl %esi, %edx\n"
	"	je 1f\n"
	"	lock incl 0xf04\n"		/* AP_MISMATCHES */
	"1:	lock btsl %esi, 0xf20\n"	/* AP_BITMAP */
	"	lock incl 0xf00\n"		/* AP_COUNT */
	"2:	cli\n"
	"	hlt\n"
	"	jmp 2b\n"
	"ap_nmi:\n"				/* IVT vector 2; DS is still CS */
	"	lock incl 0xf08\n"		/* AP_NMIS */
	"	iret\n"
	"ap_trampoline_end:\n"
	".code64\n"
	".previous\n");
extern const uint8_t ap_trampoline_start[], ap_trampoline_end[], ap_nmi[];

static unsigned int expected_aps;

static uint32_t lapic_read(unsigned int reg) { return *(volatile uint32_t *)(LAPIC_BASE + reg); }
static void lapic_write(unsigned int reg, uint32_t v) { *(volatile uint32_t *)(LAPIC_BASE + reg) = v; }
static volatile uint32_t *ap_word(unsigned int off) { return (volatile uint32_t *)(uintptr_t)(TRAMPOLINE + off); }

static bool never(void) { return false; }
static bool all_aps_counted(void) { return *ap_word(AP_COUNT) >= expected_aps; }
static bool all_nmis_counted(void) { return *ap_word(AP_NMIS) >= expected_aps; }

static void send_ipi(uint8_t apic_id, uint32_t icr)
{
	lapic_write(LAPIC_ICR_HI, (uint32_t)apic_id << 24);
	lapic_write(LAPIC_ICR_LO, icr);
	for (int i = 0; i < 100000 && (lapic_read(LAPIC_ICR_LO) & ICR_SEND_PENDING); i++)
		pause();
}

/* INIT, 10 ms, STARTUP, 10 ms, STARTUP (the SDM's universal start-up algorithm). */
static void start_ap(uint8_t apic_id)
{
	send_ipi(apic_id, ICR_INIT | ICR_LEVEL_ASSERT);
	wait_for(never, 1);
	send_ipi(apic_id, ICR_STARTUP | SIPI_VECTOR);
	wait_for(never, 1);
	send_ipi(apic_id, ICR_STARTUP | SIPI_VECTOR);
}

static void check_cpuid(unsigned int cpus, uint8_t bsp)
{
	uint32_t r[4], kvm[4];

	cpuid_count(1, 0, r);
	check((r[1] >> 24) == bsp, "CPUID.1 EBX[31:24] is the boot CPU's APIC ID", "0x%x vs LAPIC ID %u",
	      r[1] >> 24, bsp);
	check(((r[1] >> 16) & 0xff) >= cpus && (cpus == 1 || (r[3] & (1u << 28))),
	      "CPUID.1 addressable IDs cover every CPU (HTT with more than one)", "EBX 0x%x EDX 0x%x", r[1], r[3]);
	cpuid_count(0, 0, r);
	if (r[0] >= 0xb) {
		cpuid_count(0xb, 1, r);
		check(r[1] == cpus && ((r[2] >> 8) & 0xff) == 2, "CPUID.0BH core level counts every CPU",
		      "EBX %u ECX 0x%x", r[1], r[2]);
	}
	cpuid_count(0x40000000, 0, kvm);
	check(memcmp(&kvm[1], "KVMKVMKVM\0\0\0", 12) == 0, "CPUID 0x40000000 says KVM", "0x%x 0x%x 0x%x",
	      kvm[1], kvm[2], kvm[3]);
	cpuid_count(0x40000001, 0, kvm);
	note("cpuid: KVM features 0x%x", kvm[0]);
	check(kvm[0] & KVM_FEATURE_CLOCKSOURCE2, "kvm-clock (KVM_FEATURE_CLOCKSOURCE2) offered", "0x%x", kvm[0]);
}

static void report_aps(const struct acpi_madt_info *madt, uint8_t bsp)
{
	const volatile uint8_t *bitmap = (const volatile uint8_t *)(uintptr_t)(TRAMPOLINE + AP_BITMAP);
	unsigned int missing = 0;

	check(*ap_word(AP_COUNT) == expected_aps, "every AP ran the trampoline", "%u of %u",
	      *ap_word(AP_COUNT), expected_aps);
	for (unsigned int i = 0; i < madt->cpus && i < MADT_MAX_CPUS; i++) {
		uint8_t id = madt->apic_ids[i];
		if (id != bsp && !(bitmap[id / 8] & (1u << (id % 8))))
			missing++;
	}
	check(missing == 0, "each MADT APIC ID started", "%u missing", missing);
	check(*ap_word(AP_MISMATCHES) == 0, "APs' CPUID.0BH x2APIC ID matches CPUID.1", "%u mismatches",
	      *ap_word(AP_MISMATCHES));
	note("smp: %u CPUs online", *ap_word(AP_COUNT) + 1);
}

/* Points IVT vector 2 at the trampoline's handler and sends each AP an NMI. */
static void nmi_aps(const struct acpi_madt_info *madt, uint8_t bsp)
{
	uint32_t handler = (uint32_t)(SIPI_VECTOR << 8) << 16 | (uint32_t)(ap_nmi - ap_trampoline_start);

	/* Through asm: a C store to a constant address this low reads as a null-page access to GCC. */
	__asm__ volatile("movl %0, (%1)" : : "r"(handler), "r"((uintptr_t)IVT_NMI) : "memory");
	for (unsigned int i = 0; i < madt->cpus && i < MADT_MAX_CPUS; i++) {
		if (madt->apic_ids[i] != bsp)
			send_ipi(madt->apic_ids[i], ICR_NMI);
	}
	wait_for(all_nmis_counted, 5 * TICK_HZ);
	check(*ap_word(AP_NMIS) == expected_aps, "an NMI IPI wakes each halted AP and runs its NMI handler",
	      "%u of %u", *ap_word(AP_NMIS), expected_aps);
}

void guest_main(const uint8_t *zero_page)
{
	bool from_zp;
	const uint8_t *rsdp = acpi_find_rsdp(zero_page, &from_zp);
	const uint8_t *madt = rsdp ? acpi_xsdt_table(rsdp, "APIC") : 0;
	struct acpi_madt_info info;
	char want[8];
	uint64_t expect;

	if (!madt)
		test_abort("MADT found through the RSDP and XSDT", "RSDP %p", rsdp);
	acpi_parse_madt(madt, 0xff, &info);
	note("smp: MADT lists %u CPUs", info.cpus);
	if (cmdline_get(boot_cmdline(zero_page), "expect.cpus", want, sizeof(want)) && parse_u64(want, &expect))
		check(info.cpus == expect, "MADT CPU count", "%u, expected %lu", info.cpus, (unsigned long)expect);
	uint8_t bsp = (uint8_t)(lapic_read(LAPIC_ID) >> 24);
	check_cpuid(info.cpus, bsp);

	pic_init();
	pit_start_periodic(TICK_HZ);
	memcpy((void *)TRAMPOLINE, ap_trampoline_start, (size_t)(ap_trampoline_end - ap_trampoline_start));
	memset((void *)(TRAMPOLINE + AP_COUNT), 0, 0x100);
	lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | LAPIC_SVR_ENABLE | 0xff);
	expected_aps = info.cpus - 1;
	for (unsigned int i = 0; i < info.cpus; i++) {
		if (info.apic_ids[i] != bsp)
			start_ap(info.apic_ids[i]);
	}
	wait_for(all_aps_counted, 10 * TICK_HZ);
	report_aps(&info, bsp);
	if (expected_aps > 0)
		nmi_aps(&info, bsp);
	pit_stop();
}

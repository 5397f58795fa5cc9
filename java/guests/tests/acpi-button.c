/*
 * The ACPI fixed power button (ACPI 6.4 §4.8.2.2.1.1) as an OS sees it: with
 * PWRBTN_EN set in PM1a_EN, a press sets PWRBTN_STS and raises the SCI on the
 * FADT's SCI_INT; the handler acknowledges by writing 1 to PWRBTN_STS, which
 * lowers the SCI. The guest prints "# acpi-button: waiting" and halts with no
 * timer running (the test measures that an idle guest costs no host CPU and
 * then sends SIGTERM, which presses the button), then powers off through S5 as
 * an OS would.
 */
#include "acpi.h"
#include "format.h"
#include "idt.h"
#include "io.h"
#include "pic.h"
#include "test.h"
#include "util.h"

const char guest_name[] = "acpi-button";

static uint16_t pm1a_sts, pm1a_en;
static uint8_t sci_irq;
static volatile unsigned int presses;
static volatile unsigned int scis;

static void sci_interrupt(struct interrupt_frame *frame)
{
	(void)frame;
	scis++;
	if (inw(pm1a_sts) & PM1_STS_PWRBTN) {
		presses++;
		outw(pm1a_sts, PM1_STS_PWRBTN);	/* write 1 to clear: the acknowledgement */
	}
	pic_eoi(sci_irq);
}

void guest_main(const uint8_t *zero_page)
{
	bool from_zp;
	const uint8_t *rsdp = acpi_find_rsdp(zero_page, &from_zp);
	const uint8_t *fadt = rsdp ? acpi_xsdt_table(rsdp, "FACP") : 0;

	if (!fadt)
		test_abort("FADT found through the RSDP and XSDT", "RSDP %p", rsdp);
	sci_irq = (uint8_t)read_u16(fadt, FADT_SCI_INT);
	pm1a_sts = acpi_fadt_port(fadt, FADT_PM1A_EVT_BLK, FADT_X_PM1A_EVT_BLK);
	pm1a_en = (uint16_t)(pm1a_sts + fadt[FADT_PM1_EVT_LEN] / 2);
	uint16_t pm1a_cnt = acpi_fadt_port(fadt, FADT_PM1A_CNT_BLK, FADT_X_PM1A_CNT_BLK);
	note("acpi-button: SCI on IRQ %u, PM1a_STS 0x%x, PM1a_EN 0x%x", sci_irq, pm1a_sts, pm1a_en);
	if (!check(sci_irq < 16, "SCI_INT is an ISA IRQ the PIC can take", "SCI_INT %u", sci_irq))
		test_finish();

	pic_init();
	idt_set_handler((uint8_t)(PIC_VECTOR_BASE + sci_irq), sci_interrupt);
	outw(pm1a_sts, inw(pm1a_sts));		/* clear anything stale */
	outw(pm1a_en, PM1_EN_PWRBTN);
	check(inw(pm1a_en) == PM1_EN_PWRBTN, "PM1a_EN keeps PWRBTN_EN", "reads 0x%x", inw(pm1a_en));
	pic_unmask(sci_irq);

	note("acpi-button: waiting for the power button");
	while (presses == 0)
		sti_hlt();
	cli();
	check(presses == 1, "the power button arrives as one SCI", "%u presses in %u SCIs", presses, scis);
	check((inw(pm1a_sts) & PM1_STS_PWRBTN) == 0, "writing 1 to PWRBTN_STS acknowledges it",
	      "PM1a_STS 0x%x", inw(pm1a_sts));
	note("acpi-button: acknowledged the power button");
	int slp_typ = acpi_s5_slp_typ((const uint8_t *)read_u64(fadt, FADT_X_DSDT));
	if (!check(slp_typ >= 0, "DSDT has \\_S5", "none") || !test_summary())
		debug_exit(1);
	acpi_soft_off(pm1a_cnt, slp_typ);
	test_abort("S5 powers the machine off", "execution continued");
}

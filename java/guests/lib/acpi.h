/*
 * Finding and checking the firmware's ACPI tables (ACPI 6.4 §5.2): the RSDP,
 * the XSDT and the tables it lists, the FADT's fixed-hardware registers, the
 * MADT's interrupt controller structures and the DSDT's \_S5 object.
 */
#ifndef GUEST_ACPI_H
#define GUEST_ACPI_H

#include <stdbool.h>
#include <stdint.h>

#define ACPI_HEADER_SIZE	36
#define RSDP_V1_LENGTH		20
#define RSDP_LENGTH		36

/* FADT fields (Table 5.9). */
#define FADT_SCI_INT		46
#define FADT_PM1A_EVT_BLK	56
#define FADT_PM1A_CNT_BLK	64
#define FADT_PM1_EVT_LEN	88
#define FADT_PM1_CNT_LEN	89
#define FADT_FLAGS		112
#define FADT_X_FIRMWARE_CTRL	132
#define FADT_X_DSDT		140
#define FADT_X_PM1A_EVT_BLK	148
#define FADT_X_PM1A_CNT_BLK	172
#define FADT_MIN_LENGTH		244	/* through X_GPE1_BLK: ACPI 2.0 */
#define FADT_PWR_BUTTON		(1u << 4)	/* set: no fixed power button */
#define FADT_HW_REDUCED_ACPI	(1u << 20)

/* PM1 registers (§4.8.3). */
#define PM1_STS_PWRBTN		(1u << 8)
#define PM1_EN_PWRBTN		(1u << 8)
#define PM1_CNT_SCI_EN		(1u << 0)
#define PM1_CNT_SLP_TYP_SHIFT	10
#define PM1_CNT_SLP_EN		(1u << 13)

/* MADT (§5.2.12). */
#define MADT_ENTRIES		44
#define MADT_LOCAL_APIC		0
#define MADT_IO_APIC		1
#define MADT_INT_SRC_OVERRIDE	2
#define MADT_LAPIC_ENABLED	1u
#define MADT_MAX_CPUS		256

struct acpi_madt_info {
	unsigned int cpus;			/* enabled Processor Local APICs */
	uint8_t apic_ids[MADT_MAX_CPUS];
	uint32_t lapic_address;
	bool lengths_ok;			/* entries tile the table exactly */
	bool sci_override;
	uint32_t sci_gsi;
	uint16_t sci_flags;
};

/* Sum of n bytes mod 256; 0 for a correctly checksummed table. */
uint8_t acpi_sum(const void *p, uint32_t n);

/*
 * The RSDP: boot_params.acpi_rsdp_addr if set, else a scan of 0xE0000-0xFFFFF
 * on 16-byte boundaries for "RSD PTR " with a valid 20-byte checksum.
 * *from_zero_page says which; NULL if neither finds one.
 */
const uint8_t *acpi_find_rsdp(const uint8_t *zero_page, bool *from_zero_page);

/* The table the XSDT lists with this signature, or NULL. */
const uint8_t *acpi_xsdt_table(const uint8_t *rsdp, const char signature[4]);

uint32_t acpi_length(const uint8_t *table);

void acpi_parse_madt(const uint8_t *madt, uint8_t sci_int, struct acpi_madt_info *out);

/* SLP_TYPa from the DSDT's \_S5 package, or -1 if there is none. */
int acpi_s5_slp_typ(const uint8_t *dsdt);

/* The 32-bit FADT block address, or its X_ twin when that is zero. */
uint16_t acpi_fadt_port(const uint8_t *fadt, unsigned int offset32, unsigned int offset_x);

/*
 * Enters S5 the way an OS does (§16.1.6): SLP_TYPa | SLP_EN to PM1a_CNT,
 * keeping SCI_EN. Returns only if the machine is still running.
 */
void acpi_soft_off(uint16_t pm1a_cnt, int slp_typ);

#endif

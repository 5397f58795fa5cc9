#include "acpi.h"
#include "bootparams.h"
#include "io.h"
#include "util.h"

#define BIOS_AREA_START	0xe0000
#define BIOS_AREA_END	0x100000

uint8_t acpi_sum(const void *p, uint32_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	for (uint32_t i = 0; i < n; i++)
		s += b[i];
	return s;
}

static bool is_rsdp(const uint8_t *p)
{
	return memcmp(p, "RSD PTR ", 8) == 0 && acpi_sum(p, RSDP_V1_LENGTH) == 0;
}

const uint8_t *acpi_find_rsdp(const uint8_t *zero_page, bool *from_zero_page)
{
	uint64_t addr = read_u64(zero_page, BP_ACPI_RSDP_ADDR);

	*from_zero_page = addr != 0;
	if (addr != 0)
		return (const uint8_t *)addr;
	for (uintptr_t a = BIOS_AREA_START; a < BIOS_AREA_END; a += 16) {
		if (is_rsdp((const uint8_t *)a))
			return (const uint8_t *)a;
	}
	return 0;
}

uint32_t acpi_length(const uint8_t *table)
{
	return read_u32(table, 4);
}

const uint8_t *acpi_xsdt_table(const uint8_t *rsdp, const char signature[4])
{
	const uint8_t *xsdt = (const uint8_t *)read_u64(rsdp, 24);
	uint32_t len = acpi_length(xsdt);

	for (uint32_t at = ACPI_HEADER_SIZE; at + 8 <= len; at += 8) {
		const uint8_t *t = (const uint8_t *)read_u64(xsdt, at);
		if (memcmp(t, signature, 4) == 0)
			return t;
	}
	return 0;
}

static void madt_entry(const uint8_t *e, uint8_t sci_int, struct acpi_madt_info *out)
{
	if (e[0] == MADT_LOCAL_APIC && e[1] == 8 && (read_u32(e, 4) & MADT_LAPIC_ENABLED)) {
		if (out->cpus < MADT_MAX_CPUS)
			out->apic_ids[out->cpus] = e[3];
		out->cpus++;
	} else if (e[0] == MADT_INT_SRC_OVERRIDE && e[1] == 10 && e[3] == sci_int) {
		out->sci_override = true;
		out->sci_gsi = read_u32(e, 4);
		out->sci_flags = read_u16(e, 8);
	}
}

void acpi_parse_madt(const uint8_t *madt, uint8_t sci_int, struct acpi_madt_info *out)
{
	uint32_t len = acpi_length(madt), at = MADT_ENTRIES;

	memset(out, 0, sizeof(*out));
	out->lapic_address = read_u32(madt, 36);
	while (at + 2 <= len && madt[at + 1] >= 2 && at + madt[at + 1] <= len) {
		madt_entry(madt + at, sci_int, out);
		at += madt[at + 1];
	}
	out->lengths_ok = at == len;
}

/*
 * Finds NameOp "_S5_" PackageOp in the AML (§7.4.2, "\_Sx (System States)")
 * and decodes the package's first element: ZeroOp, OneOp or BytePrefix n.
 */
int acpi_s5_slp_typ(const uint8_t *dsdt)
{
	uint32_t len = acpi_length(dsdt);

	for (uint32_t at = ACPI_HEADER_SIZE; at + 9 < len; at++) {
		if (dsdt[at] != 0x08 || memcmp(dsdt + at + 1, "_S5_", 4) != 0 || dsdt[at + 5] != 0x12)
			continue;
		uint32_t el = at + 6 + (uint32_t)((dsdt[at + 6] >> 6) + 1) + 1; /* PkgLength, NumElements */
		if (el >= len)
			return -1;
		if (dsdt[el] == 0x00 || dsdt[el] == 0x01)
			return dsdt[el];
		if (dsdt[el] == 0x0a && el + 1 < len)
			return dsdt[el + 1];
		return -1;
	}
	return -1;
}

uint16_t acpi_fadt_port(const uint8_t *fadt, unsigned int offset32, unsigned int offset_x)
{
	uint32_t port = read_u32(fadt, offset32);

	if (port == 0 && acpi_length(fadt) >= offset_x + 12)
		port = (uint32_t)read_u64(fadt, offset_x + 4);
	return (uint16_t)port;
}

void acpi_soft_off(uint16_t pm1a_cnt, int slp_typ)
{
	uint16_t keep = inw(pm1a_cnt) & PM1_CNT_SCI_EN;

	outw(pm1a_cnt, (uint16_t)(keep | (uint16_t)slp_typ << PM1_CNT_SLP_TYP_SHIFT | PM1_CNT_SLP_EN));
}

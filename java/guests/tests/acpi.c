/*
 * The ACPI tables as an OS walks them (ACPI 6.4 §5.2): the RSDP from the zero
 * page (and where a scan of the BIOS area finds it), its two checksums, the
 * XSDT and every table it lists (signature, length, checksum), the FADT's
 * FACS and DSDT, the MADT's structures, and the DSDT's \_S5 package. Then it
 * powers off through the FADT's PM1a control register, as an OS does, which
 * ends jhyve with status 0.
 */
#include "acpi.h"
#include "format.h"
#include "io.h"
#include "test.h"
#include "util.h"

const char guest_name[] = "acpi";

static void check_table(const char *what, const uint8_t *t, const char *signature)
{
	uint32_t len = t ? acpi_length(t) : 0;
	char sig[5] = {0};

	if (t)
		memcpy(sig, t, 4);
	note("table: %s at 0x%lx length %u revision %u", sig, (unsigned long)(uintptr_t)t, len, t ? t[8] : 0);
	check(t && memcmp(t, signature, 4) == 0, what, "signature \"%s\"", sig);
	check(len >= ACPI_HEADER_SIZE && len < 0x20000, "table length is sane", "%s length %u", sig, len);
	check(len >= ACPI_HEADER_SIZE && acpi_sum(t, len) == 0, "table checksum is zero", "%s sums to 0x%02x",
	      sig, len >= ACPI_HEADER_SIZE ? acpi_sum(t, len) : 0);
}

static const uint8_t *check_rsdp(const uint8_t *zero_page)
{
	bool from_zp;
	const uint8_t *rsdp = acpi_find_rsdp(zero_page, &from_zp);

	if (!rsdp)
		test_abort("RSDP found", "neither boot_params.acpi_rsdp_addr nor a BIOS-area scan finds one");
	check(from_zp, "boot_params.acpi_rsdp_addr names the RSDP", "zero; found by scanning at %p", rsdp);
	note("rsdp: 0x%lx revision %u xsdt 0x%lx", (unsigned long)(uintptr_t)rsdp, rsdp[15],
	     (unsigned long)read_u64(rsdp, 24));
	check(memcmp(rsdp, "RSD PTR ", 8) == 0, "RSDP signature", "not \"RSD PTR \"");
	check(acpi_sum(rsdp, RSDP_V1_LENGTH) == 0, "RSDP checksum (20 bytes)", "sums to 0x%02x",
	      acpi_sum(rsdp, RSDP_V1_LENGTH));
	check(rsdp[15] >= 2 && read_u32(rsdp, 20) == RSDP_LENGTH, "RSDP revision 2, length 36",
	      "revision %u length %u", rsdp[15], read_u32(rsdp, 20));
	check(acpi_sum(rsdp, RSDP_LENGTH) == 0, "RSDP extended checksum (36 bytes)", "sums to 0x%02x",
	      acpi_sum(rsdp, RSDP_LENGTH));
	check(((uintptr_t)rsdp & 15) == 0, "RSDP on a 16-byte boundary", "at %p", rsdp);
	return rsdp;
}

static void check_xsdt(const uint8_t *rsdp)
{
	const uint8_t *xsdt = (const uint8_t *)read_u64(rsdp, 24);

	check_table("XSDT signature", xsdt, "XSDT");
	uint32_t len = acpi_length(xsdt);
	check((len - ACPI_HEADER_SIZE) % 8 == 0, "XSDT holds whole 64-bit entries", "length %u", len);
	for (uint32_t at = ACPI_HEADER_SIZE; at + 8 <= len; at += 8) {
		const uint8_t *t = (const uint8_t *)read_u64(xsdt, at);
		char sig[5] = {0};
		memcpy(sig, t, 4);
		check_table("XSDT entry points at a table", t, sig);
	}
}

static const uint8_t *check_fadt(const uint8_t *rsdp)
{
	const uint8_t *fadt = acpi_xsdt_table(rsdp, "FACP");

	if (!fadt)
		test_abort("XSDT lists a FADT", "no FACP entry");
	check(acpi_length(fadt) >= FADT_MIN_LENGTH, "FADT long enough for the X_ fields", "length %u",
	      acpi_length(fadt));
	uint32_t flags = read_u32(fadt, FADT_FLAGS);
	note("fadt: flags 0x%x sci %u pm1a_evt 0x%x pm1a_cnt 0x%x", flags, read_u16(fadt, FADT_SCI_INT),
	     acpi_fadt_port(fadt, FADT_PM1A_EVT_BLK, FADT_X_PM1A_EVT_BLK),
	     acpi_fadt_port(fadt, FADT_PM1A_CNT_BLK, FADT_X_PM1A_CNT_BLK));
	check(!(flags & FADT_HW_REDUCED_ACPI) && !(flags & FADT_PWR_BUTTON),
	      "fixed-hardware model with the fixed power button", "flags 0x%x", flags);
	const uint8_t *facs = (const uint8_t *)read_u64(fadt, FADT_X_FIRMWARE_CTRL);
	check(facs && memcmp(facs, "FACS", 4) == 0 && read_u32(facs, 4) == 64 && ((uintptr_t)facs & 63) == 0,
	      "X_FIRMWARE_CTRL points at a 64-byte, 64-byte aligned FACS", "at %p", facs);
	check_table("X_DSDT points at the DSDT", (const uint8_t *)read_u64(fadt, FADT_X_DSDT), "DSDT");
	return fadt;
}

static void check_madt(const uint8_t *rsdp, uint8_t sci_int)
{
	const uint8_t *madt = acpi_xsdt_table(rsdp, "APIC");
	struct acpi_madt_info info;

	if (!check(madt != 0, "XSDT lists a MADT", "no APIC entry"))
		return;
	acpi_parse_madt(madt, sci_int, &info);
	note("madt: %u CPUs, local APIC at 0x%x", info.cpus, info.lapic_address);
	check(info.lengths_ok, "MADT structures tile the table exactly", "lengths do not add up");
	check(info.cpus >= 1 && info.lapic_address == 0xfee00000, "MADT lists the boot CPU and the LAPIC",
	      "%u CPUs, LAPIC 0x%x", info.cpus, info.lapic_address);
	check(info.sci_override && info.sci_gsi == sci_int, "MADT overrides the SCI's trigger mode",
	      "override %d gsi %u flags 0x%x", info.sci_override, info.sci_gsi, info.sci_flags);
}

void guest_main(const uint8_t *zero_page)
{
	const uint8_t *rsdp = check_rsdp(zero_page);
	check_xsdt(rsdp);
	const uint8_t *fadt = check_fadt(rsdp);
	check_madt(rsdp, (uint8_t)read_u16(fadt, FADT_SCI_INT));

	int slp_typ = acpi_s5_slp_typ((const uint8_t *)read_u64(fadt, FADT_X_DSDT));
	check(slp_typ >= 0 && slp_typ < 8, "DSDT has \\_S5 with a 3-bit SLP_TYPa", "got %d", slp_typ);
	uint16_t pm1a_cnt = acpi_fadt_port(fadt, FADT_PM1A_CNT_BLK, FADT_X_PM1A_CNT_BLK);
	check(inw(pm1a_cnt) & PM1_CNT_SCI_EN, "PM1a_CNT.SCI_EN set: the machine is in ACPI mode",
	      "PM1a_CNT 0x%x", inw(pm1a_cnt));
	if (!test_summary())
		debug_exit(1);
	note("acpi: soft-off: SLP_TYP %d | SLP_EN to port 0x%x", slp_typ, pm1a_cnt);
	acpi_soft_off(pm1a_cnt, slp_typ);
	test_abort("S5 powers the machine off", "execution continued");
}

package io.jhyve.arch.x86;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutTest {
    private record Area(String name, long start, long size) {
        long end() { return start + size; }
    }

    private static List<Area> lowMemoryAreas() {
        List<Area> a = new ArrayList<>();
        a.add(new Area("GDT", Layout.GDT, Gdt.SIZE));
        a.add(new Area("hvm_start_info", Layout.PVH_START_INFO, 0x38));
        a.add(new Area("modlist", Layout.PVH_MODLIST, 0x20));
        a.add(new Area("memmap", Layout.PVH_MEMMAP, 128 * 0x18));
        a.add(new Area("zero page", Layout.ZERO_PAGE, 4096));
        a.add(new Area("stack", Layout.BOOT_STACK_BOTTOM, Layout.BOOT_STACK_TOP - Layout.BOOT_STACK_BOTTOM));
        a.add(new Area("page tables", Layout.PML4, PageTables.TOTAL_SIZE));
        a.add(new Area("cmdline", Layout.CMDLINE, Layout.CMDLINE_MAX));
        return a;
    }

    @Test
    void lowMemoryAreasDoNotOverlapAndStayBelowTheEbda() {
        List<Area> areas = lowMemoryAreas();
        areas.sort(Comparator.comparingLong(Area::start));
        for (int i = 1; i < areas.size(); i++) {
            assertTrue(areas.get(i - 1).end() <= areas.get(i).start(), areas.get(i - 1) + " overlaps " + areas.get(i));
        }
        assertTrue(areas.get(0).start() >= 0x500, "IVT and BDA stay untouched");
        assertTrue(areas.get(areas.size() - 1).end() <= Layout.EBDA_START);
    }

    @Test
    void acpiTablesSitInTheBiosAreaTheE820MapReserves() {
        assertTrue(Layout.ACPI_TABLES >= Layout.EBDA_START && Layout.ACPI_TABLES_END <= Layout.HIMEM_START);
        assertTrue(Layout.ACPI_TABLES % 16 == 0, "RSDP on a 16-byte boundary");
    }

    @Test
    void pageTablesAndZeroPageArePageAligned() {
        for (long a : new long[] {Layout.ZERO_PAGE, Layout.PML4, Layout.PDPT, Layout.PD}) {
            assertTrue(a % Layout.PAGE_SIZE == 0, Long.toHexString(a));
        }
    }

    @Test
    void kvmPagesSitInTheMmioHoleClearOfTheLapic() {
        assertTrue(Layout.KVM_IDENTITY_MAP >= 0xc000_0000L);
        assertTrue(Layout.KVM_IDENTITY_MAP + Layout.PAGE_SIZE == Layout.KVM_TSS);
        assertTrue(Layout.KVM_TSS + Layout.KVM_TSS_SIZE <= 0x1_0000_0000L);
        assertTrue(Layout.KVM_IDENTITY_MAP >= 0xfee0_1000L, "above the LAPIC page");
    }
}

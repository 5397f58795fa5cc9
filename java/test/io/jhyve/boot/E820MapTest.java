package io.jhyve.boot;

import io.jhyve.boot.BootProtocolException.Rule;
import io.jhyve.memory.GuestMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jhyve.boot.E820Map.E820_RAM;
import static io.jhyve.boot.E820Map.E820_RESERVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class E820MapTest {
    private static final long MIB = 1L << 20, GIB = 1L << 30;

    @Test
    void mapsOneLowRegionFromHeapMemory() {
        try (GuestMemory mem = GuestMemory.onHeap((int) (128 * MIB))) {
            E820Map map = E820Map.forRam(RamRange.of(mem));
            assertEquals(List.of(
                    new E820Map.Entry(0, 0x9fc00, E820_RAM),
                    new E820Map.Entry(0x9fc00, 0x100000 - 0x9fc00, E820_RESERVED),
                    new E820Map.Entry(0x100000, 127 * MIB, E820_RAM)), map.entries());
            assertEquals(128 * MIB - 0x400 - 0x60000, map.ramBytes());
        }
    }

    @Test
    void mapsRamAboveTheMmioHole() {
        E820Map map = E820Map.forRam(RamRange.forRamSize(3 * GIB + GIB / 2));
        assertEquals(List.of(
                new E820Map.Entry(0, 0x9fc00, E820_RAM),
                new E820Map.Entry(0x9fc00, 0x60400, E820_RESERVED),
                new E820Map.Entry(0x100000, 3 * GIB - MIB, E820_RAM),
                new E820Map.Entry(4 * GIB, GIB / 2, E820_RAM)), map.entries());
    }

    @Test
    void eightGibKeepTheHoleAndTheAcpiAreaOutOfRam() {
        E820Map map = E820Map.forRam(RamRange.forRamSize(8 * GIB));
        assertEquals(List.of(
                new E820Map.Entry(0, 0x9fc00, E820_RAM),
                new E820Map.Entry(0x9fc00, 0x60400, E820_RESERVED),
                new E820Map.Entry(0x100000, 3 * GIB - MIB, E820_RAM),
                new E820Map.Entry(4 * GIB, 5 * GIB, E820_RAM)), map.entries());
        assertEquals(8 * GIB - 0x60400, map.ramBytes());
        for (E820Map.Entry e : map.entries()) {
            boolean coversHole = e.addr() < 4 * GIB && e.end() > 3 * GIB;
            assertEquals(false, e.type() == E820_RAM && coversHole, "RAM in the 3-4 GiB device hole: " + e);
            boolean coversAcpi = e.addr() < 0x100000 && e.end() > 0xe0000;
            assertEquals(false, e.type() == E820_RAM && coversAcpi, "ACPI tables in RAM: " + e);
        }
    }

    @Test
    void oneHundredTwentyEightMibIsAllLow() {
        E820Map map = E820Map.forRam(RamRange.forRamSize(128 * MIB));
        assertEquals(3, map.entries().size());
        assertEquals(128 * MIB, map.entries().get(2).end());
    }

    @Test
    void refusesRamThatDoesNotReachPastOneMib() {
        BootProtocolException e = assertThrows(BootProtocolException.class,
                () -> E820Map.forRam(List.of(new RamRange(0, 0x80000))));
        assertEquals(Rule.RAM_LAYOUT, e.rule());
        assertEquals("guest RAM [RamRange[base=0, size=524288]] has no range from 0 past 1 MiB: Linux needs low "
                + "memory and RAM above 1 MiB", e.getMessage());
    }

    @Test
    void refusesMoreEntriesThanTheZeroPageHolds() {
        List<E820Map.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 129; i++) entries.add(new E820Map.Entry(i * MIB, MIB, E820_RAM));
        BootProtocolException e = assertThrows(BootProtocolException.class, () -> new E820Map(entries));
        assertEquals("memory map of 129 entries exceeds the zero page's 128 (E820_MAX_ENTRIES_ZEROPAGE)",
                e.getMessage());
    }

    @Test
    void printsOneEntryPerLine() {
        assertEquals("[0x000000000000-0x00000009fc00) RAM\n"
                + "[0x00000009fc00-0x000000100000) reserved\n"
                + "[0x000000100000-0x000004000000) RAM", E820Map.forRam(RamRange.forRamSize(64 * MIB)).toString());
    }
}

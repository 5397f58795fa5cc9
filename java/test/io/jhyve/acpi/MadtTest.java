package io.jhyve.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MadtTest {
    record Entry(int type, byte[] body) { }

    static List<Entry> entries(byte[] madt) {
        List<Entry> out = new ArrayList<>();
        for (int at = Madt.ENTRIES_OFFSET; at < madt.length; at += madt[at + 1] & 0xff) {
            out.add(new Entry(madt[at], java.util.Arrays.copyOfRange(madt, at, at + (madt[at + 1] & 0xff))));
        }
        return out;
    }

    static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }

    @Test
    void headerFieldsAndOneEnabledLocalApicPerCpu() {
        byte[] madt = Madt.build(3);
        assertEquals("APIC", new String(madt, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0xfee00000, le(madt).getInt(36));
        assertEquals(Madt.PCAT_COMPAT, le(madt).getInt(40));
        List<Entry> lapics = entries(madt).stream().filter(e -> e.type == Madt.TYPE_LOCAL_APIC).toList();
        assertEquals(3, lapics.size());
        for (int i = 0; i < 3; i++) {
            byte[] b = lapics.get(i).body;
            assertEquals(8, b.length);
            assertEquals(i, b[2], "ACPI processor UID");
            assertEquals(i, b[3], "APIC ID");
            assertEquals(Madt.LOCAL_APIC_ENABLED, le(b).getInt(4));
        }
    }

    @Test
    void ioApicSciOverrideAndNmi() {
        List<Entry> e = entries(Madt.build(1));
        assertEquals(List.of(0, 1, 2, 4), e.stream().map(Entry::type).toList());
        byte[] ioapic = e.get(1).body;
        assertEquals(12, ioapic.length);
        assertEquals(0xfec00000, le(ioapic).getInt(4));
        assertEquals(0, le(ioapic).getInt(8), "GSI base");
        byte[] iso = e.get(2).body;
        assertEquals(10, iso.length);
        assertEquals(9, iso[3], "source: ISA IRQ 9");
        assertEquals(9, le(iso).getInt(4), "GSI 9");
        assertEquals(0b1101, le(iso).getShort(8), "level, active high");
        byte[] nmi = e.get(3).body;
        assertEquals(6, nmi.length);
        assertEquals((byte) 0xff, nmi[2]);
        assertEquals(1, nmi[5], "LINT1");
    }

    @Test
    void lengthCoversEveryEntry() {
        byte[] madt = Madt.build(8);
        assertEquals(madt.length, le(madt).getInt(4));
        assertEquals(44 + 8 * 8 + 12 + 10 + 6, madt.length);
    }

    @Test
    void refusesMoreCpusThanXapicIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Madt.build(256));
        assertEquals("MADT: 256 CPUs do not fit xAPIC IDs 0-254", e.getMessage());
    }
}

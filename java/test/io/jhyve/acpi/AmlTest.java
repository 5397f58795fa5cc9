package io.jhyve.acpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AmlTest {
    static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
        return out;
    }

    @Test
    void pkgLengthOneByteUpTo63IncludingItself() {
        assertArrayEquals(b(0x3f), Aml.pkgLength(62));
        // 63 content bytes + 2 length bytes = 65 = 0x41: lead 0b01 << 6 | 0x1, then 0x04.
        assertArrayEquals(b(0x41, 0x04), Aml.pkgLength(63));
        assertArrayEquals(b(0x4e, 0xff), Aml.pkgLength(0xffe - 2 + 0));
        // Two bytes reach a total of 0xfff; one more content byte needs a third: total 0x1001.
        assertArrayEquals(b(0x4f, 0xff), Aml.pkgLength(0xfff - 2));
        assertArrayEquals(b(0x81, 0x00, 0x01), Aml.pkgLength(0x1000 - 2));
    }

    @Test
    void integersTakeTheShortestForm() {
        assertArrayEquals(b(0x00), Aml.integer(0));
        assertArrayEquals(b(0x01), Aml.integer(1));
        assertArrayEquals(b(0x0a, 0x05), Aml.integer(5));
        assertArrayEquals(b(0x0b, 0x34, 0x12), Aml.integer(0x1234));
        assertArrayEquals(b(0x0c, 0x00, 0x00, 0x00, 0xd0), Aml.integer(0xd000_0000L));
        assertArrayEquals(b(0x0e, 0, 0, 0, 0, 1, 0, 0, 0), Aml.integer(1L << 32));
    }

    @Test
    void nameWithPackageAsInS5() {
        assertArrayEquals(b(0x08, '_', 'S', '5', '_', 0x12, 0x07, 0x04, 0x0a, 0x05, 0x00, 0x00, 0x00),
                Aml.name("_S5", Aml.pkg(Aml.integer(5), Aml.integer(0), Aml.integer(0), Aml.integer(0))));
    }

    @Test
    void deviceAndScope() {
        byte[] dev = Aml.device("C000", Aml.name("_UID", Aml.integer(0)));
        assertArrayEquals(b(0x5b, 0x82, 0x0b, 'C', '0', '0', '0', 0x08, '_', 'U', 'I', 'D', 0x00), dev);
        byte[] scope = Aml.scope("\\_SB", dev);
        assertEquals(0x10, scope[0]);
        assertEquals(1 + 5 + dev.length, scope[1]);
        assertArrayEquals(b('\\', '_', 'S', 'B', '_'), java.util.Arrays.copyOfRange(scope, 2, 7));
    }

    @Test
    void stringsAreNulTerminated() {
        assertArrayEquals(b(0x0d, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0), Aml.string("LNRO0005"));
    }

    @Test
    void badNameSegsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aml.nameSeg("1ABC"));
        assertEquals("AML NameSeg \"1ABC\" must be 1-4 characters: A-Z or _ first, then A-Z, 0-9 or _",
                e.getMessage());
    }

    @Test
    void resourceTemplateForAVirtioMmioDevice() {
        byte[] crs = ResourceTemplate.of(ResourceTemplate.memory32Fixed(0xd0000000L, 0x200),
                ResourceTemplate.interrupt(5, true));
        assertArrayEquals(b(0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0x00, 0xd0, 0x00, 0x02, 0x00, 0x00,
                0x89, 0x06, 0x00, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00,
                0x79, 0x00), crs);
    }

    @Test
    void mmioDeviceChecksItsFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AcpiMmioDevice("LNRO0005", 0, 0xd0000000L, 0x200, 24));
        assertEquals("device LNRO0005 uid 0: GSI 24 is not an input of the IOAPIC (0-23)", e.getMessage());
    }
}

package io.jhyve.acpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcpiTablesTest {
    static final long BASE = 0xe0000;
    final AcpiTables acpi = AcpiTables.build(BASE, 4,
            List.of(new AcpiMmioDevice(AcpiMmioDevice.VIRTIO_MMIO_HID, 0, 0xd000_0000L, 0x200, 5)));

    static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }

    static int sum(byte[] b, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) s += b[i] & 0xff;
        return s & 0xff;
    }

    /** Reads a table from the image at {@code addr}, by its own Length field. */
    byte[] tableAt(long addr) {
        int off = (int) (addr - BASE);
        int len = le(acpi.image()).getInt(off + 4);
        byte[] t = new byte[len];
        System.arraycopy(acpi.image(), off, t, 0, len);
        return t;
    }

    static String sig(byte[] t) { return new String(t, 0, 4, StandardCharsets.US_ASCII); }

    @Test
    void rsdpAtBaseWithBothChecksumsAndXsdtAddress() {
        byte[] img = acpi.image();
        assertEquals("RSD PTR ", new String(img, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(0, sum(img, 0, Rsdp.V1_LENGTH), "ACPI 1.0 checksum over 20 bytes");
        assertEquals(0, sum(img, 0, Rsdp.LENGTH), "extended checksum over 36 bytes");
        assertEquals(Rsdp.REVISION, img[Rsdp.REVISION_OFFSET]);
        assertEquals(Rsdp.LENGTH, le(img).getInt(Rsdp.LENGTH_OFFSET));
        assertEquals(acpi.addresses().get("XSDT"), le(img).getLong(Rsdp.XSDT_ADDRESS_OFFSET));
        assertEquals(BASE, acpi.rsdpAddress());
    }

    @Test
    void walkingFromTheRsdpReachesEveryTableWithValidChecksums() {
        byte[] xsdt = tableAt(le(acpi.image()).getLong(Rsdp.XSDT_ADDRESS_OFFSET));
        assertEquals("XSDT", sig(xsdt));
        assertEquals(36 + 2 * 8, xsdt.length);
        assertEquals(0, sum(xsdt, 0, xsdt.length));
        List<String> seen = new java.util.ArrayList<>();
        for (int at = 36; at < xsdt.length; at += 8) {
            byte[] t = tableAt(le(xsdt).getLong(at));
            assertEquals(0, sum(t, 0, t.length), sig(t) + " checksum");
            seen.add(sig(t));
        }
        assertEquals(List.of("FACP", "APIC"), seen);
    }

    @Test
    void aMachineWithoutApicsHasNoMadt() {
        AcpiTables pic = AcpiTables.build(BASE, 1, List.of(), false);
        byte[] xsdt = pic.tables().get("XSDT");
        assertEquals(36 + 8, xsdt.length);
        assertEquals(pic.addresses().get("FACP"), le(xsdt).getLong(36));
        assertFalse(pic.tables().containsKey("APIC"));
        assertThrows(IllegalArgumentException.class, () -> AcpiTables.build(BASE, 2, List.of(), false));
    }

    @Test
    void everyTableHeaderCarriesJhyveIds() {
        for (Map.Entry<String, byte[]> e : acpi.tables().entrySet()) {
            if (e.getKey().equals("RSD PTR ") || e.getKey().equals("FACS")) continue;
            byte[] t = e.getValue();
            assertEquals(e.getKey(), sig(t));
            assertEquals(t.length, le(t).getInt(4), e.getKey() + " Length");
            assertEquals("JHYVE ", new String(t, 10, 6, StandardCharsets.US_ASCII));
            assertEquals("JHYV" + e.getKey(), new String(t, 16, 8, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void fadtPointsAtFacsDsdtAndTheFixedHardware() {
        byte[] f = acpi.tables().get("FACP");
        ByteBuffer b = le(f);
        assertEquals(Fadt.LENGTH, f.length);
        assertEquals(Fadt.REVISION, f[8]);
        long facs = acpi.addresses().get("FACS"), dsdt = acpi.addresses().get("DSDT");
        assertEquals(0, b.getInt(Fadt.FIRMWARE_CTRL), "zero when X_FIRMWARE_CTRL is set");
        assertEquals(dsdt, b.getInt(Fadt.DSDT));
        assertEquals(facs, b.getLong(Fadt.X_FIRMWARE_CTRL));
        assertEquals(dsdt, b.getLong(Fadt.X_DSDT));
        assertEquals(0, facs % 64, "FACS is 64-byte aligned");
        assertEquals(FixedHardware.SCI_INT, b.getShort(Fadt.SCI_INT));
        assertEquals(0, b.getInt(Fadt.SMI_CMD), "no SMI command port: always in ACPI mode");
        assertEquals(0x600, b.getInt(Fadt.PM1A_EVT_BLK));
        assertEquals(0x604, b.getInt(Fadt.PM1A_CNT_BLK));
        assertEquals(0, b.getInt(Fadt.PM_TMR_BLK));
        assertEquals(4, f[Fadt.PM1_EVT_LEN]);
        assertEquals(2, f[Fadt.PM1_CNT_LEN]);
        assertEquals(0x32, f[Fadt.CENTURY]);
        int flags = b.getInt(Fadt.FLAGS);
        assertEquals(0, flags & Fadt.PWR_BUTTON, "the power button is the fixed-feature one");
        assertEquals(0, flags & Fadt.HW_REDUCED_ACPI);
        assertTrue((flags & Fadt.RESET_REG_SUP) != 0);
        // X_PM1a_EVT_BLK: System I/O, 32 bits at 0x600.
        assertArrayEquals(new byte[] {1, 32, 0, 2, 0, 6, 0, 0, 0, 0, 0, 0},
                java.util.Arrays.copyOfRange(f, Fadt.X_PM1A_EVT_BLK, Fadt.X_PM1A_EVT_BLK + 12));
        assertArrayEquals(new byte[] {1, 16, 0, 2, 4, 6, 0, 0, 0, 0, 0, 0},
                java.util.Arrays.copyOfRange(f, Fadt.X_PM1A_CNT_BLK, Fadt.X_PM1A_CNT_BLK + 12));
        assertArrayEquals(new byte[] {1, 8, 0, 1, 8, 6, 0, 0, 0, 0, 0, 0},
                java.util.Arrays.copyOfRange(f, Fadt.RESET_REG, Fadt.RESET_REG + 12));
        assertEquals(FixedHardware.RESET_VALUE, f[Fadt.RESET_VALUE]);
        assertEquals(Fadt.MINOR_REVISION, f[Fadt.FADT_MINOR_VERSION]);
    }

    @Test
    void facsIsSixtyFourBytesWithVersionTwo() {
        byte[] f = acpi.tables().get("FACS");
        assertEquals("FACS", sig(f));
        assertEquals(64, f.length);
        assertEquals(64, le(f).getInt(4));
        assertEquals(Facs.VERSION, f[32]);
    }

    @Test
    void imageHoldsEachTableAtItsAddress() {
        for (Map.Entry<String, byte[]> e : acpi.tables().entrySet()) {
            int off = (int) (acpi.addresses().get(e.getKey()) - BASE);
            assertArrayEquals(e.getValue(), java.util.Arrays.copyOfRange(acpi.image(), off, off + e.getValue().length),
                    e.getKey());
        }
        assertTrue(acpi.end() <= 0x100000, "fits below 1 MiB");
    }

    @Test
    void twoHundredFiftyFiveCpusStillFitTheBiosArea() {
        AcpiTables big = AcpiTables.build(BASE, 254, List.of());
        assertTrue(big.end() <= 0x100000, "ends at 0x" + Long.toHexString(big.end()));
    }
}

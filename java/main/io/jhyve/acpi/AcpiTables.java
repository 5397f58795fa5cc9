package io.jhyve.acpi;

import io.jhyve.memory.GuestMemory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All of jhyve's ACPI tables, laid out in one block of guest memory: RSDP first (on the 16-byte
 * boundary where OSes scan the BIOS area for it), then FACS (64-byte aligned), DSDT, FADT, MADT and
 * XSDT. Built for a machine of {@code cpus} vCPUs and the given MMIO devices. A machine without
 * APICs (only the 8259 pair) gets no MADT: a MADT makes Linux use local APICs and an IOAPIC, which
 * it then cannot find (it panicked in setup_local_APIC), while without one it takes the 8259s.
 *
 * @param base   guest-physical address of the block (and of the RSDP)
 * @param image  the block's bytes
 * @param tables each table by signature ("RSD PTR " for the RSDP), for dumps and tests
 * @param addresses where each table starts, by signature
 */
public record AcpiTables(long base, byte[] image, Map<String, byte[]> tables, Map<String, Long> addresses) {
    /** Tables after the RSDP start on this boundary (FACS needs 64, the rest 8 for tidiness). */
    static final int TABLE_ALIGNMENT = 64;

    /** The tables for {@code cpus} vCPUs with APICs and {@code devices}, to be placed at {@code base}. */
    public static AcpiTables build(long base, int cpus, List<AcpiMmioDevice> devices) {
        return build(base, cpus, devices, true);
    }

    /** The same, for a machine whose interrupts go through local APICs and an IOAPIC or, if not {@code apics}, through the 8259s only. */
    public static AcpiTables build(long base, int cpus, List<AcpiMmioDevice> devices, boolean apics) {
        if (!apics && cpus != 1) throw new IllegalArgumentException("a machine without APICs has one CPU, not " + cpus);
        if (base % Rsdp.ALIGNMENT != 0) throw new IllegalArgumentException("RSDP base must be 16-byte aligned");
        Map<String, byte[]> tables = new LinkedHashMap<>();
        Map<String, Long> at = new LinkedHashMap<>();
        long next = align(base + Rsdp.LENGTH);
        at.put(Facs.SIGNATURE, next);
        tables.put(Facs.SIGNATURE, Facs.build());
        next = align(next + Facs.LENGTH);
        next = place(tables, at, Dsdt.SIGNATURE, Dsdt.build(cpus, devices), next);
        next = place(tables, at, Fadt.SIGNATURE, Fadt.build(at.get(Facs.SIGNATURE), at.get(Dsdt.SIGNATURE)), next);
        List<Long> described = new ArrayList<>(List.of(at.get(Fadt.SIGNATURE)));
        if (apics) {
            next = place(tables, at, Madt.SIGNATURE, Madt.build(cpus), next);
            described.add(at.get(Madt.SIGNATURE));
        }
        next = place(tables, at, Xsdt.SIGNATURE, Xsdt.build(described), next);

        Map<String, byte[]> ordered = new LinkedHashMap<>();
        ordered.put(Rsdp.SIGNATURE, Rsdp.build(at.get(Xsdt.SIGNATURE)));
        ordered.putAll(tables);
        Map<String, Long> orderedAt = new LinkedHashMap<>();
        orderedAt.put(Rsdp.SIGNATURE, base);
        orderedAt.putAll(at);

        byte[] image = new byte[(int) (next - base)];
        for (Map.Entry<String, byte[]> t : ordered.entrySet()) {
            byte[] b = t.getValue();
            System.arraycopy(b, 0, image, (int) (orderedAt.get(t.getKey()) - base), b.length);
        }
        return new AcpiTables(base, image, Map.copyOf(ordered), Map.copyOf(orderedAt));
    }

    private static long place(Map<String, byte[]> tables, Map<String, Long> at, String sig, byte[] t, long addr) {
        tables.put(sig, t);
        at.put(sig, addr);
        return align(addr + t.length);
    }

    private static long align(long a) {
        return (a + TABLE_ALIGNMENT - 1) & -TABLE_ALIGNMENT;
    }

    public long rsdpAddress() { return base; }

    public long end() { return base + image.length; }

    /** Writes the block into guest RAM. */
    public void writeTo(GuestMemory memory) {
        memory.write(base, image);
    }
}

package io.jhyve.acpi;

import java.util.ArrayList;
import java.util.List;

/**
 * The Differentiated System Description Table (ACPI 6.4 §5.2.11.1): a definition block of AML that
 * declares, and only declares (no methods):
 * <pre>
 *   Name (\_S5, Package () { SLP_TYP_S5, 0, 0, 0 })   // soft-off: SLP_TYPa, SLP_TYPb, reserved
 *   Scope (\_SB) {
 *       Device (Cnnn) { Name (_HID, "ACPI0007") Name (_UID, n) }      // one per vCPU
 *       Device (Mnnn) { _HID, _UID, _CRS ... }                        // one per AcpiMmioDevice
 *   }
 * </pre>
 * Revision 2, so AML integers are 64 bits wide.
 */
public final class Dsdt {
    public static final String SIGNATURE = "DSDT";
    public static final int REVISION = 2;
    /** _HID of a processor device (§8.4, "Declaring Processors"). */
    public static final String PROCESSOR_HID = "ACPI0007";

    private Dsdt() { }

    public static byte[] build(int cpus, List<AcpiMmioDevice> devices) {
        if (devices.size() > 0x1000) throw new IllegalArgumentException("DSDT: more than 4096 MMIO devices");
        byte[] s5 = Aml.name("_S5", Aml.pkg(Aml.integer(FixedHardware.SLP_TYP_S5), Aml.integer(0),
                Aml.integer(0), Aml.integer(0)));
        List<byte[]> sb = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            sb.add(Aml.device(String.format("C%03X", cpu),
                    Aml.name("_HID", Aml.string(PROCESSOR_HID)), Aml.name("_UID", Aml.integer(cpu))));
        }
        for (int i = 0; i < devices.size(); i++) sb.add(mmioDevice(String.format("M%03X", i), devices.get(i)));
        return new TableWriter().header(SIGNATURE, REVISION)
                .bytes(s5).bytes(Aml.scope("\\_SB", sb.toArray(byte[][]::new))).finish();
    }

    private static byte[] mmioDevice(String nameSeg, AcpiMmioDevice d) {
        byte[] crs = ResourceTemplate.of(ResourceTemplate.memory32Fixed(d.base(), d.size()),
                ResourceTemplate.interrupt(d.gsi(), d.level()));
        return Aml.device(nameSeg, Aml.name("_HID", Aml.string(d.hid())), Aml.name("_UID", Aml.integer(d.uid())),
                Aml.name("_CRS", Aml.buffer(crs)));
    }
}

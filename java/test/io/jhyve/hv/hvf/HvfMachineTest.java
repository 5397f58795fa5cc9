package io.jhyve.hv.hvf;

import static io.jhyve.testkit.TestGuests.guest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.arch.x86.Layout;
import io.jhyve.config.MachineConfig;
import io.jhyve.config.SerialConfig;
import io.jhyve.hv.IrqChip;
import io.jhyve.vmm.Machine;
import io.jhyve.vmm.MachineBuilder;
import io.jhyve.vmm.RunOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The machine builder on the HVF backend, through the fake framework: the same config that runs on
 * KVM becomes a VM whose RAM the shim allocated and mapped, with the Java 8259 pair and 8254 PIT
 * on the port bus where KVM has them in the kernel.
 */
class HvfMachineTest {
    private String lib;

    @BeforeEach
    void setUp() {
        lib = FakeHv.load();
        FakeHv.fakehv_reset();
    }

    private static MachineConfig config(int cpus, long memoryMiB) {
        return new MachineConfig(guest("hello"), Optional.empty(), "console=ttyS0", cpus, memoryMiB,
                new SerialConfig.None(), true);
    }

    @Test
    void aMachineOnHvfHasShimRamAndTheJavaInterruptControllersOnItsPortBus() {
        try (Machine m = MachineBuilder.build(config(1, 256), RunOptions.defaults(), () -> Hvf.openLibrary(lib))) {
            assertEquals(1, FakeHv.fakehv_mapping_count(), "256 MiB is one RAM range, mapped once");
            List<String> ports = m.portBus().describe();
            for (String expected : List.of("0x20-0x21", "0xa0-0xa1", "0x40-0x43", "0x61", "0x4d0-0x4d1")) {
                assertTrue(ports.stream().anyMatch(p -> p.contains(expected)), expected + " missing from " + ports);
            }
            assertTrue(ports.stream().anyMatch(p -> p.contains("0x3f8")), "COM1 as on KVM: " + ports);
        }
    }

    @Test
    void ramAcrossTheDeviceHoleIsTwoMappings() {
        try (Machine m = MachineBuilder.build(config(1, 4096), RunOptions.defaults(), () -> Hvf.openLibrary(lib))) {
            assertEquals(2, FakeHv.fakehv_mapping_count(), "below 3 GiB and above 4 GiB");
            assertEquals(2, m.memory().regions().size());
        }
    }

    @Test
    void twoCpusGetAJavaLocalApicEachAndTheIoApicOnTheMmioBus() {
        try (Machine m = MachineBuilder.build(config(2, 256), RunOptions.defaults(), () -> Hvf.openLibrary(lib))) {
            List<String> mmio = m.mmioBus().describe();
            assertTrue(mmio.stream().anyMatch(d -> d.contains("local-apic@0xfee00000")), mmio.toString());
            assertTrue(mmio.stream().anyMatch(d -> d.contains("0xfec00000")), "the IOAPIC: " + mmio);
            assertTrue(hasMadt(m), "the MADT lists them");
        }
    }

    /** The HVF set-up of the last session, still selectable: no APIC anywhere, so no MADT either. */
    @Test
    void userspacePicMeansNoApicPagesAndNoMadt() {
        MachineConfig c = config(1, 256);
        MachineConfig pic = new MachineConfig(c.kernel(), c.initrd(), c.cmdline(), 1, 256, c.serial(), c.debugExit(),
                c.cpuidHide(), c.onReboot(), c.stopGraceSeconds(), c.virtio(), IrqChip.USERSPACE_PIC);
        try (Machine m = MachineBuilder.build(pic, RunOptions.defaults(), () -> Hvf.openLibrary(lib))) {
            assertEquals(List.of(), m.mmioBus().describe().stream().filter(d -> d.contains("apic")).toList());
            assertFalse(hasMadt(m));
        }
    }

    /** Whether the ACPI area holds a table signed "APIC" (ACPI 6.5 §5.2.12). */
    private static boolean hasMadt(Machine m) {
        byte[] area = new byte[(int) (Layout.ACPI_TABLES_END - Layout.ACPI_TABLES)];
        m.memory().read(Layout.ACPI_TABLES, area, 0, area.length);
        return new String(area, StandardCharsets.ISO_8859_1).contains("APIC");
    }
}

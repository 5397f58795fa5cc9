package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.*;

import io.jhyve.acpi.AcpiMmioDevice;
import io.jhyve.config.DiskConfig;
import io.jhyve.config.MachineConfig;
import io.jhyve.config.SerialConfig;
import io.jhyve.config.VirtioConfig;
import io.jhyve.devices.virtio.VirtioMmioDeviceInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VirtioDevicesTest {
    private static MachineConfig machine(String cmdline, VirtioConfig virtio) {
        return new MachineConfig(Path.of("/k"), Optional.empty(), cmdline, 1, 256, new SerialConfig.None(), false,
                java.util.Set.of(), MachineConfig.OnReboot.EXIT, MachineConfig.DEFAULT_STOP_GRACE_SECONDS, virtio);
    }

    private static final DiskConfig DISK = new DiskConfig(Path.of("/d.img"), false, Optional.empty());

    @Test
    void disksThenConsoleThenRngOnePagePerDeviceFromGsi5() {
        List<VirtioMmioDeviceInfo> placed = VirtioDevices.place(machine("", new VirtioConfig(List.of(DISK, DISK), true, true)));
        assertEquals(List.of(
                new VirtioMmioDeviceInfo("virtio-blk@0xd0000000", "virtio-blk", 0xd000_0000L, 0x200, 5, 0),
                new VirtioMmioDeviceInfo("virtio-blk@0xd0001000", "virtio-blk", 0xd000_1000L, 0x200, 6, 1),
                new VirtioMmioDeviceInfo("virtio-console@0xd0002000", "virtio-console", 0xd000_2000L, 0x200, 10, 2),
                new VirtioMmioDeviceInfo("virtio-rng@0xd0003000", "virtio-rng", 0xd000_3000L, 0x200, 11, 3)), placed);
    }

    @Test
    void theDsdtAnnouncesEachDeviceWithItsWindowAndInterrupt() {
        assertEquals(List.of(new AcpiMmioDevice("LNRO0005", 0, 0xd000_0000L, 0x200, 5),
                new AcpiMmioDevice("LNRO0005", 1, 0xd000_1000L, 0x200, 6)),
                VirtioDevices.acpiDevices(machine("console=ttyS0", new VirtioConfig(List.of(), true, true))));
    }

    @Test
    void withAcpiTheCommandLineIsLeftAlone() {
        assertEquals("console=ttyS0",
                VirtioDevices.kernelCmdline(machine("console=ttyS0", new VirtioConfig(List.of(), true, true))));
        // acpi=off after "--" is an argument for init, not for the kernel
        assertEquals("quiet -- acpi=off", VirtioDevices.kernelCmdline(machine("quiet -- acpi=off",
                new VirtioConfig(List.of(), false, true))));
    }

    @Test
    void withAcpiOffTheCommandLineAnnouncesEachDevice() {
        assertEquals("acpi=off console=ttyS0 virtio_mmio.device=512@0xd0000000:5 virtio_mmio.device=512@0xd0001000:6",
                VirtioDevices.kernelCmdline(machine("acpi=off console=ttyS0", new VirtioConfig(List.of(), true, true))));
    }

    @Test
    void optionsGoBeforeTheInitArguments() {
        VirtioConfig rng = new VirtioConfig(List.of(), false, true);
        assertEquals("quiet acpi=off virtio_mmio.device=512@0xd0000000:5 -- single",
                VirtioDevices.kernelCmdline(machine("quiet acpi=off -- single", rng)));
        assertEquals("acpi=off virtio_mmio.device=512@0xd0000000:5", VirtioDevices.kernelCmdline(machine("acpi=off", rng)));
    }

    @Test
    void withoutDevicesTheCommandLineIsUntouched() {
        assertEquals("console=ttyS0 --", VirtioDevices.kernelCmdline(machine("console=ttyS0 --", VirtioConfig.NONE)));
    }

    @Test
    void eightDevicesAreTooMany() {
        VirtioConfig eight = new VirtioConfig(java.util.Collections.nCopies(8, DISK), false, false);
        io.jhyve.JhyveException e = assertThrows(io.jhyve.JhyveException.class,
                () -> VirtioDevices.place(machine("", eight)));
        assertEquals("too many virtio devices: virtio-blk would be number 8, but only 7 have interrupt lines "
                + "(GSIs [5, 6, 10, 11, 14, 15, 7])", e.getMessage());
    }
}

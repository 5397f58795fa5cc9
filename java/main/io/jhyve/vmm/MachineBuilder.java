package io.jhyve.vmm;

import io.jhyve.acpi.AcpiMmioDevice;
import io.jhyve.acpi.AcpiTables;
import io.jhyve.acpi.FixedHardware;
import io.jhyve.arch.x86.Layout;
import io.jhyve.boot.BootResult;
import io.jhyve.boot.KernelImage;
import io.jhyve.boot.LinuxBoot;
import io.jhyve.config.MachineConfig;
import io.jhyve.devices.AddressRange;
import io.jhyve.devices.Bus;
import io.jhyve.devices.acpi.AcpiPm;
import io.jhyve.devices.legacy.CmosRtc;
import io.jhyve.devices.legacy.DebugExit;
import io.jhyve.devices.legacy.I8042;
import io.jhyve.devices.legacy.QuietPorts;
import io.jhyve.devices.legacy.Uart16550;
import io.jhyve.hv.Hypervisor;
import io.jhyve.hv.IrqChip;
import io.jhyve.hv.VirtualMachine;
import io.jhyve.hv.VmOptions;
import io.jhyve.memory.GuestMemory;
import io.jhyve.memory.MemoryRegion;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a {@link MachineConfig} into a ready {@link Machine}, in boot order: read and check the
 * kernel (so bad input fails before any hypervisor work), open the hypervisor, map RAM, place the
 * kernel, attach devices. Each device is one line; a new device needs one line here and nothing
 * else. On failure everything built so far is closed again.
 */
public final class MachineBuilder {
    private MachineBuilder() { }

    public static Machine build(MachineConfig config, RunOptions options) {
        return build(config, options, Hypervisors::openForHost);
    }

    /** As {@link #build(MachineConfig, RunOptions)} on the backend {@code hypervisor} opens (tests use fakes). */
    public static Machine build(MachineConfig config, RunOptions options, Supplier<Hypervisor> hypervisor) {
        BootTimeline timeline = new BootTimeline(options.timings() ? System.err : null);
        KernelImage kernel = Machine.readKernel(config.kernel());
        byte[] initrd = config.initrd().map(Machine::readInitrd).orElse(null);
        String cmdline = VirtioDevices.kernelCmdline(config);
        // Plan once without a hypervisor: a kernel or initrd that cannot fit fails here, cheaply.
        LinuxBoot.plan(config.memoryBytes(), kernel, initrd == null ? 0 : initrd.length,
                config.initrd().map(Path::toString).orElse(null), cmdline);
        timeline.mark("kernel parsed and placed");

        Deque<AutoCloseable> built = new ArrayDeque<>();
        try {
            VirtioDevices virtio = push(built, VirtioDevices.open(config));
            Hypervisor hv = push(built, hypervisor.get());
            VirtualMachine vm = push(built, hv.createVm(
                    new VmOptions(config.cpus(), Layout.KVM_TSS, Layout.KVM_IDENTITY_MAP, config.irqChip())));
            GuestMemory memory = push(built, hv.allocateRam(config.memoryBytes()));
            for (MemoryRegion region : memory.regions()) vm.mapMemory(region);
            BootResult boot = LinuxBoot.load(memory, kernel, initrd,
                    config.initrd().map(Path::toString).orElse(null), cmdline);
            timeline.mark("VM created, RAM mapped, kernel loaded at 0x"
                    + Long.toHexString(boot.summary().kernel().loadAddress()));

            MachineEnd end = new MachineEnd();
            Bus pio = new Bus("port I/O");
            Bus mmio = new Bus("MMIO");
            if (options.debugPorts()) {
                pio.setDebugLog(System.err::println);
                mmio.setDebugLog(System.err::println);
            } else if (options.debugBoot()) {
                UnhandledAccessLog once = new UnhandledAccessLog(System.err);
                pio.setDebugLog(once);
                mmio.setDebugLog(once);
            }
            RunMonitor monitor = new RunMonitor(timeline, options);
            SerialConsole console = push(built, SerialConsole.open(config.serial()));

            // The legacy PC, one device per line. The interrupt controllers and the PIT (0x20-0x21,
            // 0x40-0x43, 0x61, 0xa0-0xa1, 0x4d0-0x4d1) are the backend's: in the kernel on KVM, in
            // Java on HVF and on KVM with irqchip "userspace", which hand them over here.
            for (VirtualMachine.PlatformDevice d : vm.portDevices()) pio.attach(d.range(), d.device());
            for (VirtualMachine.PlatformDevice d : vm.mmioDevices()) mmio.attach(d.range(), d.device());
            Uart16550 com1 = new Uart16550("uart16550@0x3f8", new VmIrqLine(vm, Uart16550.COM1_IRQ),
                    monitor.console().wrap(console.output()));
            pio.attach(new AddressRange(Uart16550.COM1_PORT, 8), com1);
            I8042 i8042 = new I8042(end);
            pio.attach(new AddressRange(0x60, 1), i8042.dataPort());
            pio.attach(new AddressRange(0x64, 1), i8042.commandPort());
            pio.attach(new AddressRange(0x70, 2), CmosRtc.forRam(Clock.systemUTC(), config.memoryBytes()));
            for (QuietPorts.ProbedRange p : QuietPorts.PC_PROBED_RANGES) pio.attach(p.range(), new QuietPorts(p));
            AcpiPm acpiPm = new AcpiPm(new VmIrqLine(vm, FixedHardware.SCI_INT), end);
            pio.attach(AcpiPm.range(), acpiPm);
            if (config.debugExit()) {
                DebugExit debugExit = new DebugExit(DebugExit.DEBUG_EXIT_PORT, end);
                pio.attach(debugExit.range(), debugExit);
            }

            virtio.attach(mmio, memory, gsi -> new VmIrqLine(vm, gsi), console.output());
            virtio.console().ifPresent(hvc -> console.inputTo(hvc::receive));

            // Memory-mapped devices the guest finds through the DSDT: one record each.
            List<AcpiMmioDevice> acpiDevices = new ArrayList<>(VirtioDevices.acpiDevices(config));
            boolean apics = vm.irqChip() != IrqChip.USERSPACE_PIC;
            writeAcpiTables(memory, config.cpus(), acpiDevices, apics);

            Machine machine = new Machine(config, hv, vm, memory, pio, mmio, console, com1, acpiPm,
                    apics ? boot.cpu() : boot.cpu().withoutLocalApic(), end,
                    timeline,
                    monitor, options);
            machine.closeAlso(virtio);
            return machine;
        } catch (RuntimeException e) {
            while (!built.isEmpty()) {
                try {
                    built.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The ACPI tables for this machine, in the BIOS area where the zero page and start_info point. */
    private static void writeAcpiTables(GuestMemory memory, int cpus, List<AcpiMmioDevice> devices, boolean apics) {
        AcpiTables acpi = AcpiTables.build(Layout.ACPI_TABLES, cpus, devices, apics);
        if (acpi.end() > Layout.ACPI_TABLES_END) {
            throw new IllegalStateException(String.format("ACPI tables for %d CPUs and %d devices need %d bytes,"
                    + " more than the %d of the BIOS area", cpus, devices.size(), acpi.image().length,
                    Layout.ACPI_TABLES_END - Layout.ACPI_TABLES));
        }
        acpi.writeTo(memory);
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> built, T resource) {
        built.push(resource);
        return resource;
    }
}

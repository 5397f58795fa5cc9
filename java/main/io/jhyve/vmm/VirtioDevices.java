package io.jhyve.vmm;

import io.jhyve.acpi.AcpiMmioDevice;
import io.jhyve.config.DiskConfig;
import io.jhyve.config.MachineConfig;
import io.jhyve.config.NetConfig;
import io.jhyve.devices.AddressRange;
import io.jhyve.devices.Bus;
import io.jhyve.devices.IrqLine;
import io.jhyve.devices.virtio.BlockImage;
import io.jhyve.devices.virtio.VirtioBlock;
import io.jhyve.devices.virtio.VirtioConsole;
import io.jhyve.devices.virtio.VirtioDevice;
import io.jhyve.devices.virtio.VirtioMmioDeviceInfo;
import io.jhyve.devices.virtio.VirtioMmioSlots;
import io.jhyve.devices.virtio.TapPort;
import io.jhyve.devices.virtio.VirtioMmioTransport;
import io.jhyve.devices.virtio.VirtioNet;
import io.jhyve.devices.virtio.VirtioRng;
import io.jhyve.memory.GuestMemory;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A machine's virtio-mmio devices. The layout is a function of the config alone ({@link #place}):
 * disks first in config order (so the first disk is vda), then the console, the rng, the network
 * cards. That one list feeds the ACPI DSDT ({@link #acpiDevices}: how a stock distribution kernel finds
 * them, as under QEMU's microvm) or, for a kernel told {@code acpi=off}, the command line
 * ({@link #kernelCmdline}). Never both: Linux would probe every device twice, and the second probe
 * fails on the busy register window.
 * {@link #open} opens and locks the disk images before any hypervisor work, so a missing or busy
 * image is an error before boot; {@link #attach} puts the devices on the MMIO bus.
 */
public final class VirtioDevices implements AutoCloseable {
    private final MachineConfig config;
    private final List<BlockImage> images;
    private final List<TapPort> taps;
    private final List<AutoCloseable> workers = new ArrayList<>();
    private VirtioConsole console;

    private VirtioDevices(MachineConfig config, List<BlockImage> images, List<TapPort> taps) {
        this.config = config;
        this.images = images;
        this.taps = taps;
    }

    /** Where each virtio device of {@code config} goes: base, window size, GSI, in placement order. */
    public static List<VirtioMmioDeviceInfo> place(MachineConfig config) {
        VirtioMmioSlots slots = new VirtioMmioSlots();
        for (int i = 0; i < config.virtio().disks().size(); i++) slots.place("virtio-blk");
        if (config.virtio().console()) slots.place("virtio-console");
        if (config.virtio().rng()) slots.place("virtio-rng");
        for (int i = 0; i < config.virtio().nets().size(); i++) slots.place("virtio-net");
        return slots.placed();
    }

    /** The DSDT entries (_HID LNRO0005, the window, the interrupt) for the devices of {@code config}. */
    public static List<AcpiMmioDevice> acpiDevices(MachineConfig config) {
        List<AcpiMmioDevice> devices = new ArrayList<>();
        for (VirtioMmioDeviceInfo d : place(config)) {
            devices.add(new AcpiMmioDevice(AcpiMmioDevice.VIRTIO_MMIO_HID, d.uid(), d.base(), d.size(), d.gsi()));
        }
        return devices;
    }

    /**
     * True when the kernel is told to ignore ACPI ({@code acpi=off} before any {@code --},
     * Documentation/admin-guide/kernel-parameters.txt): then the DSDT cannot announce devices.
     */
    static boolean acpiOff(String cmdline) {
        for (String word : cmdline.strip().split("\\s+")) {
            if (word.equals("--")) return false;
            if (word.equals("acpi=off")) return true;
        }
        return false;
    }

    /**
     * The config's command line, with a {@code virtio_mmio.device=} option per device when the
     * kernel ignores ACPI, inserted before a {@code --} (what follows it goes to init, not to the
     * kernel). Those options need CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES, which Debian's kernel lacks.
     */
    public static String kernelCmdline(MachineConfig config) {
        if (!acpiOff(config.cmdline())) return config.cmdline();
        StringBuilder options = new StringBuilder();
        for (VirtioMmioDeviceInfo d : place(config)) options.append(options.length() == 0 ? "" : " ").append(d.cmdlineOption());
        String cmdline = config.cmdline();
        if (options.length() == 0) return cmdline;
        int dashes = (" " + cmdline + " ").indexOf(" -- ");
        if (dashes < 0) return cmdline.isBlank() ? options.toString() : cmdline + " " + options;
        String before = cmdline.substring(0, dashes).strip();
        return (before.isEmpty() ? "" : before + " ") + options + " " + cmdline.substring(dashes).strip();
    }

    /** Opens every disk image (locked) and tap; closes what it opened if one fails. */
    public static VirtioDevices open(MachineConfig config) {
        List<BlockImage> images = new ArrayList<>();
        List<TapPort> taps = new ArrayList<>();
        try {
            for (DiskConfig disk : config.virtio().disks()) images.add(BlockImage.open(disk));
            for (NetConfig net : config.virtio().nets()) taps.add(TapPort.open(net.tap()));
        } catch (RuntimeException e) {
            images.forEach(BlockImage::close);
            taps.forEach(TapPort::close);
            throw e;
        }
        return new VirtioDevices(config, images, taps);
    }

    /** Creates the devices and attaches each at its place; {@code consoleOut} is the sink hvc0 writes to. */
    public void attach(Bus mmio, GuestMemory memory, IntFunction<IrqLine> irqs, OutputStream consoleOut) {
        List<VirtioMmioDeviceInfo> placed = place(config);
        int next = 0;
        for (int i = 0; i < images.size(); i++) {
            VirtioBlock blk = new VirtioBlock(images.get(i), config.virtio().disks().get(i),
                    "virtio-blk-" + i + "-worker");
            workers.add(blk);
            attachOne(mmio, memory, irqs, placed.get(next++), blk);
        }
        if (config.virtio().console()) {
            console = new VirtioConsole(consoleOut);
            attachOne(mmio, memory, irqs, placed.get(next++), console);
        }
        if (config.virtio().rng()) attachOne(mmio, memory, irqs, placed.get(next++), new VirtioRng(new SecureRandom()));
        for (int i = 0; i < taps.size(); i++) {
            VirtioNet net = new VirtioNet(taps.get(i), config.virtio().nets().get(i).mac(), "virtio-net-" + i + "-rx");
            workers.add(net);
            attachOne(mmio, memory, irqs, placed.get(next++), net);
        }
    }

    private static void attachOne(Bus mmio, GuestMemory memory, IntFunction<IrqLine> irqs, VirtioMmioDeviceInfo at,
            VirtioDevice device) {
        VirtioMmioTransport t = new VirtioMmioTransport(at.name(), device, memory, irqs.apply(at.gsi()), System.err::println);
        mmio.attach(new AddressRange(at.base(), at.size()), t);
    }

    /** The virtio-console, when the config asked for one (host input then goes to it). */
    public Optional<VirtioConsole> console() { return Optional.ofNullable(console); }

    /** Stops the disk and network workers, closes (unlocks) the images and closes the taps. */
    @Override
    public void close() {
        for (AutoCloseable w : workers) {
            try {
                w.close();
            } catch (Exception e) {
                System.err.println("jhyve: closing a virtio device: " + e.getMessage());
            }
        }
        for (BlockImage image : images) image.close();
        for (TapPort tap : taps) tap.close();
    }
}

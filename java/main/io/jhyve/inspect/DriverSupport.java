package io.jhyve.inspect;

import io.jhyve.inspect.KernelConfig.Tristate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether one kernel option that jhyve's machine relies on is built in, a module, or absent, and
 * how that is known. With an embedded config the answer is exact. Without one, jhyve looks in the
 * decompressed vmlinux for a string only that driver puts there (its driver name, a built-in
 * parameter name, a boot message): finding it means built in; not finding it cannot tell a module
 * from a driver that was never configured, so the answer says so.
 *
 * @param symbol    the Kconfig option, e.g. CONFIG_VIRTIO_BLK
 * @param neededFor what jhyve (today or with a planned device) uses it for
 * @param status    what is known of it
 * @param basis     how that is known
 * @param evidence  the string or ELF note looked for, or "" when the config said it
 */
public record DriverSupport(String symbol, String neededFor, Status status, Basis basis, String evidence) {

    /** What is known of the option. */
    public enum Status {
        BUILT_IN("built in (=y)"),
        MODULE("module (=m): must be in the initramfs to be loaded"),
        NOT_SET("not set: absent"),
        ABSENT("absent (its dependencies are off)"),
        FOUND("built in (its string is in the image)"),
        NOT_FOUND("not built in: a module, or absent"),
        CANNOT_TELL("unknown: no string in the image tells"),
        UNKNOWN("unknown: the payload could not be decompressed");

        private final String meaning;

        Status(String meaning) { this.meaning = meaning; }

        public String meaning() { return meaning; }
    }

    /** How the status is known. */
    public enum Basis {
        EMBEDDED_CONFIG("from embedded config"),
        ELF_NOTE("from the vmlinux's ELF notes"),
        STRINGS("guessed from strings, may be a module"),
        NONE("nothing to look at");

        private final String label;

        Basis(String label) { this.label = label; }

        public String label() { return label; }
    }

    /**
     * One option to check and the string its code leaves in a vmlinux when built in.
     *
     * @param marker   the text looked for
     * @param cString  true when the marker must be a whole C string (followed by NUL), false for
     *                 the start of a longer message
     */
    record Need(String symbol, String neededFor, String marker, boolean cString) { }

    static final List<Need> NEEDS = List.of(
            new Need("CONFIG_SERIAL_8250", "the 16550 UART: jhyve's COM1 at 0x3f8 (ttyS0)",
                    "Serial: 8250/16550 driver", false),
            // 8250_early.o, which declares the "uart8250" earlycon, is built only with this option.
            new Need("CONFIG_SERIAL_8250_CONSOLE", "console=ttyS0 on that UART", "uart8250", true),
            new Need("CONFIG_VIRTIO", "the virtio core (jhyve's virtio devices)", "virtio%u", true),
            new Need("CONFIG_VIRTIO_MMIO", "the virtio-mmio transport of jhyve's virtio devices (found through ACPI, LNRO0005)",
                    "virtio-mmio", true),
            new Need("CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES", "virtio-mmio devices on the command line (only with acpi=off)",
                    "virtio_mmio.device", true),
            new Need("CONFIG_VIRTIO_CONSOLE", "hvc0 (virtio-console, --console virtio)", "virtio_console", true),
            new Need("CONFIG_VIRTIO_BLK", "disks, -d/-c (virtio-blk)", "virtio_blk", true),
            new Need("CONFIG_VIRTIO_NET", "network, --net (virtio-net)", "virtio_net", true),
            new Need("CONFIG_HW_RANDOM_VIRTIO", "entropy, --rng (virtio-rng)", "virtio_rng", true),
            new Need("CONFIG_PVH", "booting the ELF vmlinux through its PVH entry", "", true),
            new Need("CONFIG_ACPI", "ACPI: CPUs (MADT), power-off and the power button (FADT), virtio devices (DSDT)",
                    "ACPI BIOS Error", false),
            new Need("CONFIG_BLK_DEV_INITRD", "the initramfs given with -i",
                    "Trying to unpack rootfs image as initramfs", false));

    /**
     * Judges each needed option (and, for an initrd compressed with {@code initrdFormat}, the
     * CONFIG_RD_* option that decompresses it).
     *
     * @param vmlinux the decompressed kernel, empty when it could not be had
     * @param config  its embedded config, if any
     * @param pvhNote whether the vmlinux is an ELF with a PVH entry note, empty when it is no ELF
     */
    static List<DriverSupport> judge(Optional<byte[]> vmlinux, Optional<KernelConfig> config,
                                     Optional<Boolean> pvhNote, Optional<PayloadCompression> initrdFormat) {
        List<DriverSupport> out = new ArrayList<>();
        for (Need n : NEEDS) out.add(judge(n, vmlinux, config, pvhNote));
        initrdFormat.ifPresent(f -> out.add(judge(new Need(f.configRd(), "unpacking the " + f.label()
                + " initramfs", "", true), vmlinux, config, Optional.empty())));
        return out;
    }

    private static DriverSupport judge(Need n, Optional<byte[]> vmlinux, Optional<KernelConfig> config,
                                       Optional<Boolean> pvhNote) {
        if (config.isPresent()) {
            return new DriverSupport(n.symbol, n.neededFor, fromConfig(config.get().tristate(n.symbol)),
                    Basis.EMBEDDED_CONFIG, "");
        }
        if (n.symbol.equals("CONFIG_PVH") && pvhNote.isPresent()) {
            return new DriverSupport(n.symbol, n.neededFor, pvhNote.get() ? Status.BUILT_IN : Status.NOT_SET,
                    Basis.ELF_NOTE, "Xen ELF note XEN_ELFNOTE_PHYS32_ENTRY");
        }
        if (vmlinux.isEmpty()) return new DriverSupport(n.symbol, n.neededFor, Status.UNKNOWN, Basis.NONE, "");
        if (n.marker.isEmpty()) return new DriverSupport(n.symbol, n.neededFor, Status.CANNOT_TELL, Basis.STRINGS, "");
        boolean found = n.cString ? ByteSearch.containsCString(vmlinux.get(), n.marker)
                : ByteSearch.contains(vmlinux.get(), n.marker);
        return new DriverSupport(n.symbol, n.neededFor, found ? Status.FOUND : Status.NOT_FOUND, Basis.STRINGS,
                "\"" + n.marker + "\"");
    }

    private static Status fromConfig(Tristate t) {
        switch (t) {
            case BUILT_IN: return Status.BUILT_IN;
            case MODULE: return Status.MODULE;
            case NOT_SET: return Status.NOT_SET;
            default: return Status.ABSENT;
        }
    }
}

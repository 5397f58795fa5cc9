package io.jhyve.config;

import io.jhyve.arch.x86.CpuidFeature;
import io.jhyve.hv.IrqChip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a JSON machine config and validates it into a {@link MachineConfig}. Paths in a file are
 * relative to the file's directory; paths from the command line are relative to the working
 * directory. Every refusal names the source, the key and the rule. The JSON side lives in
 * {@link ConfigJson}, so a run configured by flags alone never loads Jackson.
 */
public final class ConfigLoader {
    private ConfigLoader() { }

    /** Loads and validates a config file, with optional overrides from the command line. */
    public static MachineConfig load(Path file, RawConfig overrides) {
        RawConfig fromFile = ConfigJson.read(file);
        Path base = file.toAbsolutePath().getParent();
        MachineConfig fileConfig = validate(file.toString(), fromFile, base);
        if (overrides == null) return fileConfig;
        return validate(file + " with command-line flags", fromFile.overriddenBy(overrides), base);
    }

    /** Validates a raw config; relative paths resolve against {@code base}. */
    public static MachineConfig validate(String source, RawConfig raw, Path base) {
        if (raw.kernel() == null || raw.kernel().isBlank()) {
            throw new ConfigException(source, "kernel", "is required: the path of a bzImage or an ELF vmlinux");
        }
        Path kernel = existingFile(source, "kernel", raw.kernel(), base);
        Optional<Path> initrd = raw.initrd() == null ? Optional.empty()
                : Optional.of(existingFile(source, "initrd", raw.initrd(), base));
        int cpus = raw.cpus() == null ? 1 : raw.cpus();
        if (cpus < 1 || cpus > MachineConfig.MAX_CPUS) {
            throw new ConfigException(source, "cpus", "value " + cpus + " is out of range (1 to "
                    + MachineConfig.MAX_CPUS + ")");
        }
        long mem = raw.memoryMiB() == null ? 256 : raw.memoryMiB();
        if (mem < MachineConfig.MIN_MEMORY_MIB || mem > MachineConfig.MAX_MEMORY_MIB) {
            throw new ConfigException(source, "memoryMiB", "value " + mem + " is out of range ("
                    + MachineConfig.MIN_MEMORY_MIB + " to " + MachineConfig.MAX_MEMORY_MIB + " MiB)");
        }
        String cmdline = raw.cmdline() == null ? "console=ttyS0" : raw.cmdline();
        if (cmdline.indexOf('\0') >= 0 || cmdline.indexOf('\n') >= 0) {
            throw new ConfigException(source, "cmdline", "must be one line without NUL characters");
        }
        SerialConfig serial = SerialConfig.parse(source, "serial", raw.serial(), base);
        boolean debugExit = raw.debugExit() != null && raw.debugExit();
        MachineConfig.OnReboot onReboot = onReboot(source, raw.onReboot());
        int grace = raw.stopGraceSeconds() == null ? MachineConfig.DEFAULT_STOP_GRACE_SECONDS : raw.stopGraceSeconds();
        if (grace < 0 || grace > MachineConfig.MAX_STOP_GRACE_SECONDS) {
            throw new ConfigException(source, "stopGraceSeconds", "value " + grace + " is out of range (0 to "
                    + MachineConfig.MAX_STOP_GRACE_SECONDS + " seconds)");
        }
        IrqChip irqChip = irqChip(source, raw.irqchip());
        if (irqChip == IrqChip.USERSPACE_PIC && cpus > 1) {
            // Processors other than the first are started by INIT and STARTUP IPIs from a local APIC.
            throw new ConfigException(source, "cpus", "value " + cpus + " needs local APICs, which irqchip \"userspace-pic\""
                    + " has not (one CPU only)");
        }
        return new MachineConfig(kernel, initrd, cmdline, cpus, mem, serial, debugExit,
                cpuidFeatures(source, raw.cpuidHide()), onReboot, grace, virtio(source, raw, base), irqChip);
    }

    private static IrqChip irqChip(String source, String text) {
        if (text == null) return IrqChip.KERNEL;
        for (IrqChip c : IrqChip.values()) {
            if (c.key().equals(text)) return c;
        }
        throw new ConfigException(source, "irqchip", "value \"" + text + "\" is not \"kernel\", \"userspace\" or \"userspace-pic\"");
    }

    private static MachineConfig.OnReboot onReboot(String source, String text) {
        if (text == null) return MachineConfig.OnReboot.EXIT;
        for (MachineConfig.OnReboot r : MachineConfig.OnReboot.values()) {
            if (r.key().equals(text)) return r;
        }
        throw new ConfigException(source, "onReboot", "value \"" + text + "\" is not \"restart\" or \"exit\"");
    }

    /** The named CPUID flags, each known and given once ({@code null} means none). */
    static Set<CpuidFeature> cpuidFeatures(String source, List<String> names) {
        Set<CpuidFeature> out = new LinkedHashSet<>();
        if (names == null) return out;
        for (String name : names) {
            if (name == null) throw new ConfigException(source, "cpuidHide", "null is not a CPUID feature name");
            CpuidFeature f = CpuidFeature.byFlagName(name).orElseThrow(() -> new ConfigException(source,
                    "cpuidHide", "unknown CPUID feature \"" + name + "\" (known: " + CpuidFeature.knownFlagNames() + ")"));
            if (!out.add(f)) {
                throw new ConfigException(source, "cpuidHide", "CPUID feature \"" + f.flagName() + "\" is named twice");
            }
        }
        return out;
    }

    private static VirtioConfig virtio(String source, RawConfig raw, Path base) {
        List<DiskConfig> disks = new ArrayList<>();
        List<DiskConfig.Raw> rawDisks = raw.disks() == null ? List.of() : raw.disks();
        for (int i = 0; i < rawDisks.size(); i++) disks.add(disk(source, "disks[" + i + "]", rawDisks.get(i), base));
        String console = raw.console() == null ? "uart" : raw.console();
        if (!console.equals("uart") && !console.equals("virtio")) {
            throw new ConfigException(source, "console", "value \"" + console
                    + "\" is not a console device: use \"uart\" (COM1) or \"virtio\" (hvc0)");
        }
        List<NetConfig> nets = new ArrayList<>();
        List<NetConfig.Raw> rawNets = raw.net() == null ? List.of() : raw.net();
        for (int i = 0; i < rawNets.size(); i++) nets.add(net(source, "net[" + i + "]", rawNets.get(i), i));
        return new VirtioConfig(disks, console.equals("virtio"), raw.rng() != null && raw.rng(), nets);
    }

    private static NetConfig net(String source, String key, NetConfig.Raw raw, int index) {
        if (raw == null || raw.tap() == null || raw.tap().isEmpty() || raw.tap().length() > 15
                || !raw.tap().chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/')) {
            throw new ConfigException(source, key + ".tap", "is required: a tap interface name of 1 to 15 characters");
        }
        if (raw.mac() == null) return new NetConfig(raw.tap(), NetConfig.defaultMac(index));
        String[] parts = raw.mac().split(":");
        byte[] mac = new byte[6];
        boolean ok = parts.length == 6;
        for (int i = 0; ok && i < 6; i++) {
            ok = parts[i].matches("[0-9a-fA-F]{2}");
            if (ok) mac[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        if (!ok || (mac[0] & 1) != 0) {
            throw new ConfigException(source, key + ".mac", "value \"" + raw.mac()
                    + "\" is not a unicast MAC address like 02:6a:68:79:76:00");
        }
        return new NetConfig(raw.tap(), mac);
    }

    private static DiskConfig disk(String source, String key, DiskConfig.Raw raw, Path base) {
        if (raw == null || raw.path() == null || raw.path().isBlank()) {
            throw new ConfigException(source, key + ".path", "is required: the path of a raw disk image");
        }
        Path path = existingFile(source, key + ".path", raw.path(), base);
        String serial = raw.serial();
        if (serial != null && (serial.length() > DiskConfig.SERIAL_MAX || !serial.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw new ConfigException(source, key + ".serial", "value \"" + serial + "\" must be at most "
                    + DiskConfig.SERIAL_MAX + " printable ASCII characters");
        }
        return new DiskConfig(path, raw.readOnly() != null && raw.readOnly(), Optional.ofNullable(serial));
    }

    /** {@code ~/x} is the user's home, as in a shell; anything else relative resolves against {@code base}. */
    static Path resolve(String text, Path base) {
        if (text.equals("~") || text.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(text.substring(Math.min(2, text.length()))).normalize();
        }
        return base.resolve(text).normalize();
    }

    /** The script that fills each directory of ~/.cache/jhyve, named when a file there is missing. */
    private static final Map<String, String> CACHE_SCRIPTS = Map.of("guest", "scripts/fetch-guest",
            "debian", "scripts/make-rootfs", "test-kernel", "scripts/build-test-kernel");

    private static String missingHint(String key, Path p) {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "jhyve");
        if (p.startsWith(cache) && p.getNameCount() > cache.getNameCount() + 1) {
            String script = CACHE_SCRIPTS.get(p.getName(cache.getNameCount()).toString());
            if (script != null) return " (" + script + " makes it)";
        }
        return key.equals("kernel") || key.equals("initrd") ? " (the demo guest comes from scripts/fetch-guest)" : "";
    }

    private static Path existingFile(String source, String key, String text, Path base) {
        Path p = resolve(text, base);
        if (!Files.exists(p)) throw new ConfigException(source, key, "file " + p + " does not exist" + missingHint(key, p));
        if (!Files.isRegularFile(p)) throw new ConfigException(source, key, p + " is not a regular file");
        if (!Files.isReadable(p)) throw new ConfigException(source, key, "file " + p + " is not readable");
        return p;
    }
}

package io.jhyve.config;

import io.jhyve.arch.x86.CpuidFeature;
import io.jhyve.hv.IrqChip;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A validated, fully resolved machine: every path absolute, every value in range. Built by
 * {@link ConfigLoader} from JSON or by the CLI from flags; the VMM trusts it.
 *
 * @param debugExit wire the debug-exit port 0xf4 (a guest write ends jhyve with that status)
 * @param cpuidHide CPUID feature flags every vCPU sees cleared, in the order given
 * @param onReboot  what a guest reboot (reset, triple fault) does: end the run or boot again
 * @param stopGraceSeconds how long a guest may take to power off after SIGTERM or Ctrl-A q pressed
 *                  its ACPI power button, before jhyve stops it hard
 * @param virtio    the virtio-mmio devices
 * @param irqChip   where the interrupt controllers and PIT are emulated: the hypervisor's (KVM's
 *                  in-kernel ones) or jhyve's Java models, as HVF always needs
 */
public record MachineConfig(Path kernel, Optional<Path> initrd, String cmdline, int cpus, long memoryMiB,
                            SerialConfig serial, boolean debugExit, Set<CpuidFeature> cpuidHide,
                            OnReboot onReboot, int stopGraceSeconds, VirtioConfig virtio, IrqChip irqChip) {
    public MachineConfig {
        cpuidHide = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(cpuidHide));
    }

    /** Processor Local APIC structures in the MADT name xAPIC IDs 0-254 (255 is the broadcast ID). */
    public static final int MAX_CPUS = 255;
    public static final int DEFAULT_STOP_GRACE_SECONDS = 10;
    public static final int MAX_STOP_GRACE_SECONDS = 3600;

    /** The config's {@code onReboot} values. */
    public enum OnReboot {
        RESTART("restart"), EXIT("exit");

        private final String key;

        OnReboot(String key) { this.key = key; }

        public String key() { return key; }
    }

    /** The machine with the hypervisor's own interrupt controllers. */
    public MachineConfig(Path kernel, Optional<Path> initrd, String cmdline, int cpus, long memoryMiB,
                         SerialConfig serial, boolean debugExit, Set<CpuidFeature> cpuidHide,
                         OnReboot onReboot, int stopGraceSeconds, VirtioConfig virtio) {
        this(kernel, initrd, cmdline, cpus, memoryMiB, serial, debugExit, cpuidHide, onReboot, stopGraceSeconds, virtio,
                IrqChip.KERNEL);
    }

    /** The machine with the defaults for the keys added after the first release. */
    public MachineConfig(Path kernel, Optional<Path> initrd, String cmdline, int cpus, long memoryMiB,
                         SerialConfig serial, boolean debugExit) {
        this(kernel, initrd, cmdline, cpus, memoryMiB, serial, debugExit, Set.of());
    }

    /** The machine with the defaults for the keys added after cpuidHide, and no virtio devices. */
    public MachineConfig(Path kernel, Optional<Path> initrd, String cmdline, int cpus, long memoryMiB,
                         SerialConfig serial, boolean debugExit, Set<CpuidFeature> cpuidHide) {
        this(kernel, initrd, cmdline, cpus, memoryMiB, serial, debugExit, cpuidHide, OnReboot.EXIT,
                DEFAULT_STOP_GRACE_SECONDS, VirtioConfig.NONE);
    }
    public static final long MIN_MEMORY_MIB = 16;
    /** 1 TiB: far above what these hosts have, low enough to catch a typo such as a size in bytes. */
    public static final long MAX_MEMORY_MIB = 1L << 20;

    public long memoryBytes() { return memoryMiB << 20; }

    /** This machine with another kernel command line (for flags that add to it, e.g. --debug-boot). */
    public MachineConfig withCmdline(String newCmdline) {
        return new MachineConfig(kernel, initrd, newCmdline, cpus, memoryMiB, serial, debugExit, cpuidHide, onReboot,
                stopGraceSeconds, virtio, irqChip);
    }

    /** The resolved machine, one item per line, for --dry-run. */
    public String describe() {
        return String.format("kernel:    %s%ninitrd:    %s%ncmdline:   %s%ncpus:      %d%nmemory:    %d MiB%n"
                        + "serial:    %s%ndebugExit: %s%ncpuidHide: %s%nonReboot:  %s%nstopGrace: %d s%nvirtio:    %s%nirqchip:   %s",
                kernel, initrd.map(Path::toString).orElse("(none)"), cmdline, cpus, memoryMiB, serial,
                debugExit ? "port 0xf4" : "off", cpuidHide.isEmpty() ? "(none)" : cpuidHideNames(),
                onReboot.key(), stopGraceSeconds, virtio, irqChip.key());
    }

    /** The hidden CPUID flags as written in configs, comma separated. */
    public String cpuidHideNames() {
        return cpuidHide.stream().map(CpuidFeature::flagName).collect(Collectors.joining(","));
    }
}

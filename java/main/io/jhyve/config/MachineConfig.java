package io.jhyve.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A validated, fully resolved machine: every path absolute, every value in range. Built by
 * {@link ConfigLoader} from JSON or by the CLI from flags; the VMM trusts it.
 *
 * @param debugExit wire the debug-exit port 0xf4 (a guest write ends jhyve with that status)
 * @param virtio    the virtio-mmio devices
 */
public record MachineConfig(Path kernel, Optional<Path> initrd, String cmdline, int cpus, long memoryMiB,
                            SerialConfig serial, boolean debugExit, VirtioConfig virtio) {
    public static final int MAX_CPUS = 255;
    public static final long MIN_MEMORY_MIB = 16;
    /** 1 TiB: far above what these hosts have, low enough to catch a typo such as a size in bytes. */
    public static final long MAX_MEMORY_MIB = 1L << 20;

    /** A machine without virtio devices. */
    public MachineConfig(Path kernel, Optional<Path> initrd, String cmdline, int cpus, long memoryMiB,
            SerialConfig serial, boolean debugExit) {
        this(kernel, initrd, cmdline, cpus, memoryMiB, serial, debugExit, VirtioConfig.NONE);
    }

    public long memoryBytes() { return memoryMiB << 20; }

    /** The resolved machine, one item per line, for --dry-run. */
    public String describe() {
        return String.format("kernel:    %s%ninitrd:    %s%ncmdline:   %s%ncpus:      %d%nmemory:    %d MiB%n"
                        + "serial:    %s%ndebugExit: %s%nvirtio:    %s",
                kernel, initrd.map(Path::toString).orElse("(none)"), cmdline, cpus, memoryMiB, serial,
                debugExit ? "port 0xf4" : "off", virtio);
    }
}

package io.jhyve.config;

/**
 * The config as written, before validation: the JSON keys (and the CLI flags that map to them).
 * Null means "not given". Unknown JSON keys are refused by {@link ConfigLoader}.
 */
public record RawConfig(String kernel, String initrd, String cmdline, Integer cpus, Long memoryMiB,
                        String serial, Boolean debugExit, java.util.List<String> cpuidHide, String onReboot,
                        Integer stopGraceSeconds, java.util.List<DiskConfig.Raw> disks, String console, Boolean rng,
                        java.util.List<NetConfig.Raw> net, String irqchip) {
    /** The keys a config file may hold, in the order the README documents them. */
    public static final java.util.List<String> KEYS =
            java.util.List.of("kernel", "initrd", "cmdline", "cpus", "memoryMiB", "serial", "debugExit",
                    "cpuidHide", "onReboot", "stopGraceSeconds", "disks", "console", "rng", "net", "irqchip");

    /** Without the keys after cpuidHide. */
    public RawConfig(String kernel, String initrd, String cmdline, Integer cpus, Long memoryMiB, String serial,
            Boolean debugExit, java.util.List<String> cpuidHide) {
        this(kernel, initrd, cmdline, cpus, memoryMiB, serial, debugExit, cpuidHide, null, null, null, null, null, null, null);
    }

    public static RawConfig empty() {
        return new RawConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This config with every non-null value of {@code o} taking precedence (CLI flags over the file). */
    public RawConfig overriddenBy(RawConfig o) {
        return new RawConfig(o.kernel != null ? o.kernel : kernel, o.initrd != null ? o.initrd : initrd,
                o.cmdline != null ? o.cmdline : cmdline, o.cpus != null ? o.cpus : cpus,
                o.memoryMiB != null ? o.memoryMiB : memoryMiB, o.serial != null ? o.serial : serial,
                o.debugExit != null ? o.debugExit : debugExit, o.cpuidHide != null ? o.cpuidHide : cpuidHide,
                o.onReboot != null ? o.onReboot : onReboot,
                o.stopGraceSeconds != null ? o.stopGraceSeconds : stopGraceSeconds,
                o.disks != null ? o.disks : disks, o.console != null ? o.console : console,
                o.rng != null ? o.rng : rng, o.net != null ? o.net : net,
                o.irqchip != null ? o.irqchip : irqchip);
    }
}

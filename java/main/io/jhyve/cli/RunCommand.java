package io.jhyve.cli;

import io.jhyve.config.ConfigException;
import io.jhyve.config.ConfigLoader;
import io.jhyve.config.DiskConfig;
import io.jhyve.config.NetConfig;
import io.jhyve.config.MachineConfig;
import io.jhyve.config.RawConfig;
import io.jhyve.vmm.Machine;
import io.jhyve.vmm.RunOptions;
import io.jhyve.vmm.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jhyve run}: boot a machine from a JSON config, from vftool-style flags, or both (flags
 * override the file). vftool's flags keep their meanings: -k kernel, -i initrd, -a command line,
 * -m MiB, -p CPUs, -t 0 (stdio) or 1 (a pty whose path is printed), -d/-c disks.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Boot a Linux kernel. Ends when the guest resets, powers off or writes to the "
                + "debug-exit port, or on Ctrl-A x; prints one line saying why.")
public final class RunCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "CONFIG.json", description = "Machine config (see README).")
    Path config;

    @Option(names = {"-k", "--kernel"}, paramLabel = "KERNEL", description = "bzImage or ELF vmlinux (PVH).")
    String kernel;

    @Option(names = {"-i", "--initrd"}, paramLabel = "INITRD", description = "Initial ramdisk.")
    String initrd;

    @Option(names = {"-a", "--cmdline"}, paramLabel = "CMDLINE", description = "Kernel command line.")
    String cmdline;

    @Option(names = {"-m", "--memory"}, paramLabel = "MiB", description = "Guest RAM in MiB (default 256).")
    Long memoryMiB;

    @Option(names = {"-p", "--cpus"}, paramLabel = "N", description = "Number of vCPUs (default 1).")
    Integer cpus;

    @Option(names = {"-t", "--tty"}, paramLabel = "0|1",
            description = "Console: 0 = stdio (jhyve's default), 1 = a new pty whose path is printed (vftool).")
    Integer tty;

    @Option(names = "--serial", paramLabel = "SPEC", description = "stdio, pty, file:PATH or none.")
    String serial;

    /** -d and -c in the order given: the guest sees them as vda, vdb... in that order. */
    private List<DiskConfig.Raw> disks;

    @Option(names = {"-d", "--disk"}, paramLabel = "IMAGE", description = "Read-write raw disk image (virtio-blk); repeatable.")
    void addDisk(String image) { addDisk(image, false); }

    @Option(names = {"-c", "--cdrom"}, paramLabel = "IMAGE", description = "Read-only raw disk image (virtio-blk); repeatable.")
    void addReadOnlyDisk(String image) { addDisk(image, true); }

    private void addDisk(String image, boolean readOnly) {
        if (disks == null) disks = new ArrayList<>();
        // Relative to the working directory even when a config file is given (its paths are relative to it).
        String path = image.startsWith("~") ? image : Path.of(image).toAbsolutePath().toString();
        disks.add(new DiskConfig.Raw(path, readOnly, null));
    }

    @Option(names = "--console", paramLabel = "uart|virtio",
            description = "Console device: uart (COM1, default) or virtio (hvc0; boot with console=hvc0).")
    String console;

    @Option(names = "--rng", description = "Add a virtio-rng entropy source.")
    Boolean rng;

    private List<NetConfig.Raw> nets;

    @Option(names = "--net", paramLabel = "tap:NAME", description = "Add a virtio-net card on tap NAME; repeatable.")
    void addNet(String spec) {
        if (!spec.startsWith("tap:")) {
            throw new ConfigException("command line", "--net", "value \"" + spec + "\" is not tap:NAME");
        }
        if (nets == null) nets = new ArrayList<>();
        nets.add(new NetConfig.Raw(spec.substring(4), null));
    }

    @Option(names = "--irqchip", paramLabel = "kernel|userspace|userspace-pic",
            description = "Interrupt controllers and PIT: KVM's in-kernel ones (default), jhyve's Java 8259s, 8254, "
                    + "local APICs and IOAPIC (userspace), or only the 8259s and 8254 (userspace-pic, as on macOS today).")
    String irqchip;

    @Option(names = "--debug-exit", description = "Wire the debug-exit port 0xf4: a guest write ends jhyve with that status.")
    Boolean debugExit;

    @Option(names = "--cpuid-hide", split = ",", paramLabel = "FLAG[,FLAG...]",
            description = "Clear these CPUID feature flags (names as in /proc/cpuinfo, e.g. cx16,xsave) "
                    + "for hosts whose KVM cannot run those instructions; the run says what it hid.")
    List<String> cpuidHide;

    @Option(names = "--dry-run", description = "Check the config and kernel, print the resolved machine, do not boot.")
    boolean dryRun;

    @Option(names = "--timings", description = "Print boot milestones (ms since process start) on stderr.")
    boolean timings;

    @Option(names = "--debug-ports", description = "Log every port or MMIO access no device handles.")
    boolean debugPorts;

    @Option(names = "--debug-boot", description = "Add earlyprintk=serial,ttyS0,115200 console=ttyS0 ignore_loglevel "
            + "to the command line and log each unhandled port or MMIO access once, with the guest RIP.")
    boolean debugBoot;

    @Option(names = "--silence", paramLabel = "SECONDS",
            description = "End the run when the console has been silent this long (default 0: never).")
    int silenceSeconds;

    @Option(names = "--stats", description = "Report exits by kind and by port/address, and time in guest vs VMM.")
    boolean stats;

    @Option(names = "--dump-log", paramLabel = "FILE",
            description = "Write the kernel log recovered from guest RAM to FILE when the run ends.")
    Path dumpLog;

    @Option(names = "--userspace-marker", paramLabel = "TEXT",
            description = "Console text that marks the start of userspace on the timeline "
                    + "(default: the kernel's \"Run /init as init process\").")
    String userspaceMarker = RunOptions.KERNEL_INIT_MARKER;

    /** What --debug-boot adds to the kernel command line (Documentation/admin-guide/kernel-parameters.txt). */
    static final String DEBUG_BOOT_CMDLINE = "earlyprintk=serial,ttyS0,115200 console=ttyS0 ignore_loglevel";

    @Override
    public Integer call() {
        String serialSpec = serial;
        if (tty != null) {
            if (tty != 0 && tty != 1) throw new ConfigException("command line", "-t", "value " + tty + " must be 0 (stdio) or 1 (pty)");
            if (serialSpec == null) serialSpec = tty == 1 ? "pty" : "stdio";
        }
        RawConfig flags = new RawConfig(kernel, initrd, cmdline, cpus, memoryMiB, serialSpec, debugExit, cpuidHide,
                null, null, disks, console, rng, nets, irqchip);
        Path cwd = Path.of("").toAbsolutePath();
        MachineConfig mc = config != null ? ConfigLoader.load(config, flags)
                : ConfigLoader.validate("command line", flags.kernel() == null ? flagsMissingKernel() : flags, cwd);
        if (silenceSeconds < 0) {
            throw new ConfigException("command line", "--silence", "value " + silenceSeconds + " must be 0 (off) or more");
        }
        if (debugBoot) mc = withDebugBootCmdline(mc);
        RunOptions options = new RunOptions(timings, debugPorts, silenceSeconds, debugBoot, stats,
                Optional.ofNullable(dumpLog), userspaceMarker);
        if (dryRun) {
            System.out.println(mc.describe());
            System.out.println(Machine.describeBoot(mc));
            return 0;
        }
        RunReport report = Machine.boot(mc, options);
        for (String line : report.lines()) System.err.println(line);
        return report.exitStatus();
    }

    private static MachineConfig withDebugBootCmdline(MachineConfig mc) {
        String cmdline = mc.cmdline().isBlank() ? DEBUG_BOOT_CMDLINE : mc.cmdline().strip() + " " + DEBUG_BOOT_CMDLINE;
        System.err.println("jhyve: --debug-boot: kernel command line is now \"" + cmdline + "\"");
        return mc.withCmdline(cmdline);
    }

    private static RawConfig flagsMissingKernel() {
        throw new ConfigException("command line", "-k", "a kernel is required: give CONFIG.json or -k KERNEL");
    }
}

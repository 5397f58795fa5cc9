package io.jhyve.cli;

import io.jhyve.config.ConfigException;
import io.jhyve.config.MachineConfig;
import io.jhyve.inspect.InspectReport;
import io.jhyve.inspect.Inspector;
import io.jhyve.inspect.LauncherVerdict;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jhyve inspect}: say what a kernel (and initrd and command line) is, whether jhyve and
 * other launchers would boot it and why. Exit status 0 when jhyve can boot it, 2 when it cannot,
 * with the rule on stderr, as {@code jhyve run} would fail.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Explain a kernel: its setup header, payload, embedded config and drivers, the initrd, "
                + "the command line, and whether jhyve, xhyve, Virtualization.framework and Firecracker boot it.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KERNEL", description = "bzImage or ELF vmlinux.")
    Path kernel;

    @Option(names = {"-i", "--initrd"}, paramLabel = "INITRD", description = "Initial ramdisk.")
    Path initrd;

    @Option(names = {"-a", "--cmdline"}, paramLabel = "CMDLINE",
            description = "Kernel command line (default: jhyve run's, console=ttyS0).")
    String cmdline = "console=ttyS0";

    @Option(names = {"-m", "--memory"}, paramLabel = "MiB", description = "Guest RAM in MiB (default 256).")
    long memoryMiB = 256;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (memoryMiB < MachineConfig.MIN_MEMORY_MIB || memoryMiB > MachineConfig.MAX_MEMORY_MIB) {
            throw new ConfigException("command line", "-m", String.format("%d MiB is outside %d..%d MiB", memoryMiB,
                    MachineConfig.MIN_MEMORY_MIB, MachineConfig.MAX_MEMORY_MIB));
        }
        InspectReport report = Inspector.inspect(kernel, initrd, cmdline, memoryMiB << 20);
        System.out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        if (report.jhyveBoots()) return 0;
        LauncherVerdict jhyve = report.jhyve();
        System.err.println("jhyve: cannot boot " + kernel + ": " + jhyve.deciding());
        return io.jhyve.JhyveException.EXIT_BAD_INPUT;
    }
}

package io.jhyve.vmm;

import io.jhyve.config.MachineConfig;
import io.jhyve.diag.GuestPageWalk;
import io.jhyve.diag.VcpuSnapshot;
import io.jhyve.diag.printk.KernelLog;
import io.jhyve.memory.GuestMemory;
import io.jhyve.vmm.EndReason.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an ended run into its {@link RunReport}, while guest RAM is still mapped: reads vCPU 0's
 * last state, recovers the kernel log from RAM when the guest died or went silent (or
 * {@code --dump-log} asks), and lays out the supporting lines before the closing line.
 */
final class RunReporter {
    /** Ends after which the kernel's own log is worth the scan of guest RAM (about 1 s per GiB). */
    private static final Set<Kind> GUEST_DIED = EnumSet.of(Kind.TRIPLE_FAULT, Kind.SILENT, Kind.HALTED, Kind.SIGNAL,
            Kind.ENTRY_FAILURE, Kind.INTERNAL_ERROR, Kind.VMM_ERROR);
    private static final int LOG_TAIL = 15;

    private RunReporter() { }

    static RunReport report(EndReason end, RunMonitor monitor, GuestMemory memory, MachineConfig config,
                            RunOptions options, BootTimeline timeline) {
        List<String> lines = new ArrayList<>();
        lines.add(timeline.summary());
        Optional<VcpuSnapshot> cpu = monitor.state(0);
        boolean halted = cpu.map(c -> safeHalted(memory, c)).orElse(false);
        ConsoleFacts console = monitor.console().facts();
        boolean wanted = GUEST_DIED.contains(end.kind())
                || (end.kind() == Kind.GUEST_RESET && !console.userspaceStarted());
        KernelLog log = wanted || options.dumpLog().isPresent() ? KernelLog.recover(memory) : KernelLog.none();
        if (wanted) addLogTail(lines, log, memory.ramSize());
        options.dumpLog().ifPresent(file -> lines.add(dumpLog(file, log)));
        RunFacts facts = new RunFacts(end, cpu, halted, console, config.cmdline(), monitor.silentSeconds(), log);
        Verdict verdict = Verdict.of(facts);
        if (!end.registerDump().isEmpty()) {
            lines.add(end.registerDump());
        } else if (verdict.kind() == Kind.SILENT || verdict.kind() == Kind.HALTED) {
            cpu.ifPresent(c -> lines.add("vCPU " + c.id() + " state:\n" + c.regs() + "\n" + c.sregs()));
        }
        monitor.stats().ifPresent(s -> lines.addAll(s.report()));
        lines.add(verdict.line());
        return new RunReport(List.copyOf(lines), verdict.exitStatus(), verdict);
    }

    private static boolean safeHalted(GuestMemory memory, VcpuSnapshot cpu) {
        try {
            return GuestPageWalk.haltedWithInterruptsOff(memory, cpu);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void addLogTail(List<String> lines, KernelLog log, long ramBytes) {
        if (log.ring().isEmpty()) {
            lines.add(String.format("jhyve: no kernel log found in guest RAM (%d MiB scanned in %d ms)",
                    ramBytes >> 20, log.scanMillis()));
            return;
        }
        List<String> tail = log.tail(LOG_TAIL);
        lines.add(String.format("jhyve: kernel log recovered from guest RAM (%d records, %d ms; last %d lines):",
                log.records().size(), log.scanMillis(), tail.size()));
        for (String l : tail) lines.add("  " + l);
    }

    private static String dumpLog(Path file, KernelLog log) {
        try {
            Files.writeString(file, log.text());
            return log.ring().isPresent()
                    ? "jhyve: kernel log (" + log.records().size() + " records) written to " + file
                    : "jhyve: no kernel log found in guest RAM; " + file + " is empty";
        } catch (IOException e) {
            return "jhyve: --dump-log " + file + ": " + e.getMessage();
        }
    }
}

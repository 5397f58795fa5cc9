package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.diag.VcpuSnapshot;
import io.jhyve.diag.printk.KernelLog;
import io.jhyve.diag.printk.PrintkRecord;
import io.jhyve.diag.printk.PrintkRing;
import io.jhyve.hv.DescriptorTable;
import io.jhyve.hv.Registers;
import io.jhyve.hv.Segment;
import io.jhyve.hv.SpecialRegisters;
import io.jhyve.vmm.EndReason.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The closing line and exit status for each kind of end, from hand-made run facts. */
class VerdictTest {
    private static final ConsoleFacts QUIET = ConsoleFacts.none();
    private static final ConsoleFacts TALKED = new ConsoleFacts(900, 12, "Freeing unused kernel image memory", false);

    private static VcpuSnapshot cpu(long rip, int cs, long rflags) {
        Segment d = Segment.data(0x18);
        Segment code = new Segment(0, 0xffff_ffff, cs, 0xb, true, cs & 3, false, true, true, true, false, false);
        SpecialRegisters s = new SpecialRegisters(code, d, d, d, d, d, Segment.tss(0x20, 0, 0x67), d,
                new DescriptorTable(0, 0), new DescriptorTable(0, 0), 0x80050033L, 0, 0x1c0e000, 0x3606f0, 0, 0xd01, 0);
        return new VcpuSnapshot(0, new Registers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, rip, rflags), s);
    }

    private static KernelLog log(String... texts) {
        List<PrintkRecord> recs = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) recs.add(new PrintkRecord(i, i * 1000L, 6, texts[i]));
        return new KernelLog(Optional.of(new PrintkRing(0, 5, 0, 0, 10)), recs, 1);
    }

    private static Verdict verdict(EndReason end, Optional<VcpuSnapshot> cpu, boolean halted, ConsoleFacts console,
                                   String cmdline, KernelLog log) {
        return Verdict.of(new RunFacts(end, cpu, halted, console, cmdline, 30, log));
    }

    @Test
    void tripleFaultInTheEarlyKernelWithItsRegisters() {
        Verdict v = verdict(EndReason.of(Kind.TRIPLE_FAULT, "guest triple-faulted on vCPU 0"),
                Optional.of(cpu(0xffffffff81000123L, 0x10, 2)), false, QUIET, "console=ttyS0", KernelLog.none());
        assertEquals("jhyve: guest triple-faulted in the early kernel at RIP 0xffffffff81000123, CR0=0x80050033 "
                + "CR3=0x1c0e000 CR4=0x3606f0 EFER=0xd01; likely cause: the kernel faulted before its exception "
                + "handlers were up, often on a CPU feature it assumed; try --debug-boot for earlyprintk output "
                + "(exit status 4)", v.line());
        assertEquals(4, v.exitStatus());
    }

    @Test
    void tripleFaultAfterKvmOnAmdResetTheVcpuSaysWhereIsUnknown() {
        Segment d = Segment.data(0);
        Segment cs = new Segment(0xffff0000L, 0xffff, 0xf000, 0xb, true, 0, false, true, false, false, false, false);
        VcpuSnapshot reset = new VcpuSnapshot(0, Registers.zero().withRip(0xfff0), new SpecialRegisters(cs, d, d, d, d, d,
                d, d, new DescriptorTable(0, 0xffff), new DescriptorTable(0, 0xffff), 0x10, 0, 0, 0, 0, 0, 0xfee00900L));
        Verdict v = verdict(EndReason.of(Kind.TRIPLE_FAULT, "x"), Optional.of(reset), false,
                new ConsoleFacts(40, 2, "# reset: triple", false), "console=ttyS0", KernelLog.none());
        assertEquals("jhyve: guest triple-faulted; where is unknown: the hypervisor had already reset vCPU 0 (KVM on "
                + "AMD does on shutdown), after \"# reset: triple\"; likely cause: a fault the guest could not handle, "
                + "in boot code or a kernel without working exception handlers; try --debug-boot for earlyprintk "
                + "output (exit status 4)", v.line());
    }

    @Test
    void tripleFaultInUserspace() {
        Verdict v = verdict(EndReason.of(Kind.TRIPLE_FAULT, "x"), Optional.of(cpu(0x401000, 0x33, 0x202)), false,
                new ConsoleFacts(10, 1, "Run /init as init process", true), "console=ttyS0", KernelLog.none());
        assertEquals("jhyve: guest triple-faulted in userspace at RIP 0x401000, CR0=0x80050033 CR3=0x1c0e000 "
                + "CR4=0x3606f0 EFER=0xd01; likely cause: the kernel could not deliver an exception to a user program "
                + "(exit status 4)", v.line());
    }

    @Test
    void silenceWithHvc0ButNoVirtioConsole() {
        Verdict v = verdict(EndReason.of(Kind.SILENT, "guest silent"), Optional.of(cpu(0xffffffff81a0b1c2L, 0x10, 0x246)),
                false, QUIET, "console=hvc0", KernelLog.none());
        assertEquals("jhyve: guest silent: no console output for 30 s, vCPU 0 in the early kernel at RIP "
                + "0xffffffff81a0b1c2; likely cause: console=hvc0 but this machine has no virtio console; try "
                + "console=ttyS0 (exit status 6)", v.line());
    }

    @Test
    void silenceWithoutAnyConsoleArgument() {
        Verdict v = verdict(EndReason.of(Kind.SILENT, "guest silent"), Optional.empty(), false, QUIET, "quiet",
                KernelLog.none());
        assertEquals("jhyve: guest silent: no console output for 30 s, vCPU 0; likely cause: no console=ttyS0 on the "
                + "kernel command line, so the kernel writes nowhere jhyve shows; try -a \"console=ttyS0\" "
                + "(exit status 6)", v.line());
    }

    @Test
    void silenceAfterOutputQuotesTheLastLine() {
        Verdict v = verdict(EndReason.of(Kind.SILENT, "guest silent"), Optional.empty(), false, TALKED,
                "console=ttyS0", log("a", "b"));
        assertEquals("jhyve: guest silent: no console output for 30 s, vCPU 0; the guest went quiet after \"Freeing "
                + "unused kernel image memory\"; if it is waiting for input, raise --silence (exit status 6)", v.line());
    }

    @Test
    void silenceWithAPanicInTheRecoveredLogQuotesIt() {
        Verdict v = verdict(EndReason.of(Kind.SILENT, "guest silent"), Optional.of(cpu(0xffffffff81000000L, 0x10, 0x246)),
                false, QUIET, "console=hvc0", log("Linux version 6.1.0",
                        "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)", "---[ end ]---"));
        assertEquals("jhyve: guest silent: no console output for 30 s, vCPU 0 in the early kernel at RIP 0xffffffff81000000; "
                + "the kernel log recovered from guest RAM says \"Kernel panic - not syncing: VFS: Unable to mount root "
                + "fs on unknown-block(0,0)\"; give the kernel a root filesystem: an initrd (-i) or a root= device "
                + "(exit status 6)", v.line());
    }

    @Test
    void haltedWithInterruptsOffIsItsOwnKind() {
        Verdict v = verdict(EndReason.of(Kind.SILENT, "guest silent"), Optional.of(cpu(0x100345, 0x10, 0x2)), true,
                TALKED, "console=ttyS0", KernelLog.none());
        assertEquals(Kind.HALTED, v.kind());
        assertEquals(7, v.exitStatus());
        assertEquals("jhyve: guest halted with interrupts off in the decompressor or boot code (identity-mapped) at "
                + "RIP 0x100345, silent for 30 s; the guest stopped itself for good (cli; hlt), as a kernel does after "
                + "a fatal early error; try --debug-boot to see its early messages (exit status 7)", v.line());
    }

    @Test
    void entryFailureRebootPowerOffSignalQuit() {
        assertEquals("jhyve: the hypervisor refused to enter vCPU 0: VM entry failed: invalid guest state; jhyve gave "
                + "the vCPU a state the hardware rejects: a jhyve bug, please report it with the register dump above "
                + "(exit status 5)", verdict(EndReason.of(Kind.ENTRY_FAILURE,
                "the hypervisor refused to enter vCPU 0: VM entry failed: invalid guest state"), Optional.empty(), false,
                QUIET, "", KernelLog.none()).line());
        assertEquals("jhyve: guest rebooted: i8042 reset (command 0xFE on port 0x64) (exit status 3)",
                verdict(EndReason.of(Kind.GUEST_RESET, "guest rebooted: i8042 reset (command 0xFE on port 0x64)"),
                        Optional.empty(), false, TALKED, "", KernelLog.none()).line());
        assertEquals("jhyve: guest rebooted: i8042 reset; it rebooted before printing anything: often an early panic "
                + "with panic=N; try --debug-boot (exit status 3)", verdict(EndReason.of(Kind.GUEST_RESET,
                "guest rebooted: i8042 reset"), Optional.empty(), false, QUIET, "", KernelLog.none()).line());
        assertEquals("jhyve: guest powered off: guest wrote 9 to debug-exit port 0xf4 (exit status 9)",
                verdict(EndReason.of(Kind.POWER_OFF, "guest powered off: guest wrote 9 to debug-exit port 0xf4", 9),
                        Optional.empty(), false, QUIET, "", log("Kernel panic - not syncing: ignored")).line());
        assertEquals("jhyve: stopped by SIGINT; the guest had printed nothing; likely cause: console=hvc0 but this "
                + "machine has no virtio console; try console=ttyS0 (exit status 130)", verdict(EndReason.of(Kind.SIGNAL,
                "stopped by SIGINT", 130), Optional.empty(), false, QUIET, "console=hvc0", KernelLog.none()).line());
        assertEquals("jhyve: quit from the console (Ctrl-A x) (exit status 8)", verdict(EndReason.of(Kind.USER_QUIT,
                "quit from the console (Ctrl-A x)"), Optional.empty(), false, TALKED, "", KernelLog.none()).line());
    }

    @Test
    void everyKindHasItsOwnExitStatusExceptTheTwoVmmFailures() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Kind k : Kind.values()) {
            if (k != Kind.INTERNAL_ERROR) assertEquals(true, seen.add(k.exitStatus()), k + " shares its status");
        }
        assertEquals(EndReason.Kind.VMM_ERROR.exitStatus(), EndReason.Kind.INTERNAL_ERROR.exitStatus());
    }
}

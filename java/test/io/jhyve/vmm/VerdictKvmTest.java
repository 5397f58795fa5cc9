package io.jhyve.vmm;

import static io.jhyve.testkit.TestGuests.guest;
import static io.jhyve.testkit.TestGuests.jhyve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a guest can stop, booted under jhyve on KVM, each with its own closing line and exit
 * status; and the kernel log recovered from the RAM of a guest that wrote printk records and died.
 */
@KvmTest
class VerdictKvmTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsKvm() {
        KvmRequirement.assumeKvm();
    }

    private static JhyveProcess.Result run(String guest, String... extra) throws Exception {
        // Generous: each run scans guest RAM for the kernel log, slow under nested emulation.
        return jhyve(guest(guest), extra).timeout(Duration.ofMinutes(5)).run();
    }

    private static String closingLine(JhyveProcess.Result r) {
        List<String> lines = r.stderr().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static void assertClosing(JhyveProcess.Result r, int status, String regex) {
        assertEquals(status, r.exitStatus(), r.transcript());
        assertTrue(Pattern.matches(regex, closingLine(r)), "closing line does not match " + regex + "\n" + r.transcript());
        assertTrue(r.stderr().contains("jhyve: timeline: VM built "), r.transcript());
    }

    @Test
    void tripleFaultSaysWhereWithControlRegisters() throws Exception {
        JhyveProcess.Result r = run("reset", "-a", "console=ttyS0 reset=triple");
        // Intel keeps the faulting state; KVM on AMD resets the vCPU on shutdown, and jhyve says so.
        assertClosing(r, 4, "jhyve: guest triple-faulted( in the decompressor or boot code \\(identity-mapped\\) "
                + "at RIP 0x10[0-9a-f]{4}, CR0=0x[0-9a-f]+ CR3=0x[0-9a-f]+ CR4=0x[0-9a-f]+ EFER=0x[0-9a-f]+; "
                + "likely cause: the boot code or decompressor crashed .*; try -m 512 or --debug-boot"
                + "|; where is unknown: the hypervisor had already reset vCPU 0 \\(KVM on AMD does on shutdown\\), "
                + "after \"# reset: triple\"; likely cause: .*) \\(exit status 4\\)");
        assertTrue(r.stderr().contains("jhyve: no kernel log found in guest RAM"), r.transcript());
    }

    @Test
    void aSilentGuestIsEndedAfterTheSilenceTimeout() throws Exception {
        JhyveProcess.Result r = run("die", "-a", "console=ttyS0 die=silent", "--silence", "3");
        assertClosing(r, 6, "jhyve: guest silent: no console output for 3 s, vCPU 0 in the decompressor or boot code "
                + "\\(identity-mapped\\) at RIP 0x10[0-9a-f]{4}; the guest went quiet after \"# die: silent\"; "
                + "if it is waiting for input, raise --silence \\(exit status 6\\)");
        assertTrue(r.stderr().contains("first line"), r.transcript());
    }

    @Test
    void aGuestHaltedWithInterruptsOffIsToldApartFromSilence() throws Exception {
        JhyveProcess.Result r = run("die", "-a", "console=ttyS0 die=hlt-cli", "--silence", "2");
        assertClosing(r, 7, "jhyve: guest halted with interrupts off in the decompressor or boot code "
                + "\\(identity-mapped\\) at RIP 0x10[0-9a-f]{4}, silent for 2 s; the guest stopped itself for good "
                + "\\(cli; hlt\\).* \\(exit status 7\\)");
    }

    @Test
    void theKernelLogIsRecoveredFromTheRamOfADeadGuest() throws Exception {
        Path dump = dir.resolve("kernel.log");
        JhyveProcess.Result r = run("printk-ring", "-a", "console=ttyS0 printk.records=100", "--silence", "2",
                "--dump-log", dump.toString());
        assertClosing(r, 7, "jhyve: guest halted with interrupts off .*; the kernel log recovered from guest RAM says "
                + "\"Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block\\(0,0\\)\"; give the "
                + "kernel a root filesystem: an initrd \\(-i\\) or a root= device \\(exit status 7\\)");
        assertTrue(r.stderr().contains("jhyve: kernel log recovered from guest RAM ("), r.transcript());
        assertTrue(r.stderr().contains("  [    0.099000] jhyve printk record 99" + ".".repeat(99 % 23) + "\n"
                + "  [    0.100000] Kernel panic - not syncing: VFS"), r.transcript());
        List<String> lines = Files.readAllLines(dump);
        assertTrue(lines.size() > 5 && lines.size() < 101, "the rings wrapped, so only the newest records remain: " + lines);
        int first = Integer.parseInt(lines.get(0).replaceAll(".*jhyve printk record (\\d+).*", "$1"));
        for (int i = 0; i < lines.size() - 1; i++) {
            int n = first + i;
            assertEquals(String.format("[    0.%03d000] jhyve printk record %d%s", n, n, ".".repeat(n % 23)), lines.get(i));
        }
        assertEquals(99, first + lines.size() - 2, "contiguous up to the last record");
    }

    @Test
    void aTripleFaultAfterAPanicQuotesThePanic() throws Exception {
        JhyveProcess.Result r = run("printk-ring", "-a", "console=ttyS0 printk.end=triple");
        assertClosing(r, 4, "jhyve: guest triple-faulted.*; the kernel log recovered from guest RAM says "
                + "\"Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block\\(0,0\\)\";.* \\(exit status 4\\)");
    }

    @Test
    void statsAndDebugBoot() throws Exception {
        JhyveProcess.Result r = run("hello", "--debug-exit", "--stats", "--debug-boot", "-a", "console=ttyS0");
        assertClosing(r, 0, "jhyve: guest powered off: guest wrote 0 to debug-exit port 0xf4 \\(exit status 0\\)");
        assertTrue(r.stderr().contains("jhyve: --debug-boot: kernel command line is now \"console=ttyS0 "
                + "earlyprintk=serial,ttyS0,115200 console=ttyS0 ignore_loglevel\""), r.transcript());
        assertTrue(Pattern.compile("jhyve: stats: \\d+ ms in the guest \\(\\d+%\\), \\d+ ms in the VMM handling exits")
                .matcher(r.stderr()).find(), r.transcript());
        assertTrue(r.stderr().contains("jhyve: stats: exits by kind: PortIo "), r.transcript());
        assertTrue(r.stderr().contains("port 0x3f8 out "), r.transcript());
    }
}

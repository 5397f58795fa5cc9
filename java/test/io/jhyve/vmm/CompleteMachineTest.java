package io.jhyve.vmm;

import static io.jhyve.testkit.TestGuests.assertPassed;
import static io.jhyve.testkit.TestGuests.guest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import io.jhyve.testkit.TestGuests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The machine as a whole on KVM (issue 5): SMP start-up found through the MADT, the ACPI tables as
 * a guest walks them and soft-off through the FADT, the power button after SIGTERM (and an idle
 * guest costing no host CPU meanwhile), RAM above 4 GiB, and the debug-exit status.
 */
@KvmTest
class CompleteMachineTest {
    static final Duration SLOW = Duration.ofSeconds(400);

    @BeforeEach
    void needsKvm() {
        KvmRequirement.assumeKvm();
    }

    private static JhyveProcess jhyve(String guest, String... extra) {
        return TestGuests.jhyve(guest(guest), extra).timeout(SLOW);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void everyCpuInTheMadtStartsThroughInitSipi(int cpus) throws Exception {
        JhyveProcess.Result r = jhyve("smp", "--debug-exit", "-p", String.valueOf(cpus),
                "-a", "console=ttyS0 expect.cpus=" + cpus).run();
        assertPassed("smp", r);
        assertTrue(r.stdout().contains("# smp: " + cpus + " CPUs online"), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
    }

    @Test
    void acpiTablesWalkCleanlyAndS5PowersOff() throws Exception {
        JhyveProcess.Result r = jhyve("acpi", "--debug-exit", "-p", "2").run();
        assertPassed("acpi", r);
        assertTrue(r.stdout().contains("# madt: 2 CPUs, local APIC at 0xfee00000"), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest powered off: ACPI S5 soft-off (SLP_TYP 5 with SLP_EN to port"
                + " 0x604) (exit status 0)"), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
    }

    @Test
    void sigtermPressesThePowerButtonAndAnIdleGuestCostsNoHostCpu() throws Exception {
        AtomicLong idleCpuMillis = new AtomicLong(-1);
        JhyveProcess.Result r = jhyve("acpi-button", "--debug-exit")
                .whenOutput("# acpi-button: waiting for the power button", p -> {
                    try {
                        Thread.sleep(500); // let the guest reach its HLT
                        long before = cpuMillis(p.pid());
                        Thread.sleep(3000);
                        idleCpuMillis.set(cpuMillis(p.pid()) - before);
                    } catch (InterruptedException | IOException e) {
                        throw new IllegalStateException(e);
                    }
                    JhyveProcess.sigterm(p);
                }).run();
        assertPassed("acpi-button", r);
        assertTrue(r.stdout().contains("# acpi-button: acknowledged the power button"), r.transcript());
        assertTrue(r.stderr().contains("jhyve: SIGTERM: pressed the ACPI power button; the guest has 10 s to power"
                + " off (stop again to end it now)"), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest powered off: ACPI S5 soft-off"), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
        // A halted vCPU sleeps in KVM (in-kernel LAPIC): the whole JVM should stay well under 10% of one CPU.
        assertTrue(idleCpuMillis.get() >= 0 && idleCpuMillis.get() < 300,
                "jhyve used " + idleCpuMillis.get() + " ms of CPU in 3 s with the guest halted\n" + r.transcript());
    }

    @Test
    void sigtermStopsAGuestWithoutAcpiAtOnce() throws Exception {
        JhyveProcess.Result r = jhyve("uart", "--debug-exit")
                .whenOutput("# uart: ready for input", JhyveProcess::sigterm).run();
        assertTrue(r.stderr().contains("jhyve: stopped by SIGTERM (the guest has not enabled the ACPI power button,"
                + " so it cannot shut down cleanly) (exit status 143)"), r.transcript());
        assertEquals(143, r.exitStatus(), r.transcript());
    }

    @Test
    void onRebootRestartBootsTheKernelAgain(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("vm.json");
        Files.writeString(config, "{\"kernel\": \"" + guest("reset") + "\", \"cmdline\": \"console=ttyS0 reset=i8042\","
                + " \"onReboot\": \"restart\"}");
        JhyveProcess.Result r = new JhyveProcess("run", config.toString()).timeout(SLOW)
                .whenOutput("# reset: i8042", 2, JhyveProcess::sigterm).run();
        assertTrue(r.stderr().contains("jhyve: guest rebooted: i8042 reset (command 0xFE on port 0x64); restarting"
                + " (onReboot: \"restart\")"), r.transcript());
        assertEquals(143, r.exitStatus(), r.transcript());
    }

    @Test
    void eightGibOfRamContinueAboveFourGib() throws Exception {
        JhyveProcess.Result r = jhyve("boot-state", "--debug-exit", "-m", "8192").run();
        assertPassed("boot-state", r);
        List<String> e820 = r.stdout().lines().filter(l -> l.startsWith("# e820: "))
                .map(l -> l.substring(8)).collect(Collectors.toList());
        assertEquals(List.of("0x0000000000000000 0x000000000009fc00 1", "0x000000000009fc00 0x0000000000060400 2",
                "0x0000000000100000 0x00000000bff00000 1", "0x0000000100000000 0x0000000140000000 1"), e820,
                r.transcript());
        assertTrue(r.stdout().contains("# mem: " + ((8192L << 20) - 0x60400)), r.transcript());
    }

    @Test
    void debugExitEndsWithTheValueTheGuestWrote() throws Exception {
        JhyveProcess.Result r = jhyve("reset", "--debug-exit", "-a", "console=ttyS0 reset=debug-exit status=42").run();
        assertEquals(42, r.exitStatus(), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest powered off: guest wrote 42 to debug-exit port 0xf4"
                + " (exit status 42)"), r.transcript());
    }

    /** utime + stime of a process, from /proc/PID/stat (proc(5)), in milliseconds at 100 ticks/s. */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }
}

package io.jhyve.vmm;

import static io.jhyve.testkit.TestGuests.assertPassedAndExited;
import static io.jhyve.testkit.TestGuests.guest;
import static io.jhyve.testkit.TestGuests.jhyve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import io.jhyve.testkit.TestKernel;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guest kit on KVM with {@code --irqchip userspace} and {@code userspace-pic}: KVM emulates no
 * PIC, PIT or APIC, so every interrupt these guests see comes from jhyve's Java models and is
 * injected by the same {@code VcpuInterrupts} logic the HVF backend uses. This is how the macOS
 * interrupt path runs on real hardware virtualisation here. With "userspace" the 8259's
 * interrupts reach the boot CPU through its Java local APIC (LINT0, ExtINT), and the smp guest
 * starts its APs through the Java APICs' INIT and STARTUP messages.
 */
@KvmTest
class UserspaceIrqChipKvmTest {
    @BeforeEach
    void needsKvm() {
        KvmRequirement.assumeKvm();
    }

    @ParameterizedTest
    @ValueSource(strings = {"userspace-pic", "userspace"})
    void timerTicksFromTheJavaPitArriveAtTheirRate(String irqchip) throws Exception {
        JhyveProcess.Result r = jhyve(guest("timer"), "--debug-exit", "--irqchip", irqchip, "--silence", "60").run();
        assertPassedAndExited("timer", r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"userspace-pic", "userspace"})
    void uartInterruptsAndInputThroughTheJavaPics(String irqchip) throws Exception {
        JhyveProcess.Result r = new JhyveProcess("run", "-k", guest("uart").toString(), "--debug-exit",
                "--irqchip", irqchip, "--silence", "60").inputAfter("# uart: ready for input", "ping\n").run();
        assertPassedAndExited("uart", r);
        assertTrue(r.stdout().contains("# uart: received ping"), r.transcript());
    }

    @Test
    void applicationProcessorsStartThroughTheJavaLocalApics() throws Exception {
        JhyveProcess.Result r = jhyve(guest("smp"), "--debug-exit", "--irqchip", "userspace", "--silence", "60", "-p", "2",
                "-a", "console=ttyS0 expect.cpus=2").timeout(Duration.ofSeconds(400)).run();
        assertPassedAndExited("smp", r);
        assertTrue(r.stdout().contains("# smp: 2 CPUs online"), r.transcript());
    }

    /**
     * A real Linux (the test kernel) on the HVF backend's present set-up, the Java 8259s and 8254 and
     * no APIC: it boots to userspace and powers off. Its ACPI tables then carry no MADT; with one,
     * Linux went looking for the APICs CPUID hides and panicked in setup_local_APIC.
     */
    @Test
    void linuxBootsToUserspaceWithOnlyTheJava8259sAnd8254() throws Exception {
        TestKernel.assumeAvailable();
        JhyveProcess.Result r = new JhyveProcess("run", "-k", TestKernel.bzImage().toString(),
                "-i", TestKernel.initramfs().toString(), "-m", "256", "--irqchip", "userspace-pic", "--silence", "120",
                "-a", "console=ttyS0 panic=-1 jhyve.test=report").timeout(Duration.ofMinutes(5)).run();
        assertTrue(r.stdout().contains(TestKernel.MARKER), r.transcript());
        assertTrue(r.stdout().contains("APIC: ACPI MADT or MP tables are not detected"), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest powered off: ACPI S5 soft-off"), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
    }
}

package io.jhyve.vmm;

import static io.jhyve.testkit.TestGuests.assertPassedAndExited;
import static io.jhyve.testkit.TestGuests.guest;
import static io.jhyve.testkit.TestGuests.jhyve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import io.jhyve.testkit.RealKernel;
import io.jhyve.testkit.TestKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /** The virtio-blk guest's used-buffer interrupt through the Java 8259s (by LINT0's ExtINT where there are APICs). */
    @ParameterizedTest
    @ValueSource(strings = {"userspace-pic", "userspace"})
    void virtioInterruptsThroughTheJavaChips(String irqchip, @TempDir Path dir) throws Exception {
        Path disk = Files.write(dir.resolve("disk.img"), new byte[64 << 10]);
        JhyveProcess.Result r = jhyve(guest("virtio-blk"), "--debug-exit", "--irqchip", irqchip, "--silence", "60",
                "-d", disk.toString(), "-a", "console=ttyS0 acpi=off blk.mode=rw").run();
        assertPassedAndExited("virtio-blk", r);
        assertTrue(r.stdout().contains(" - used-buffer interrupt on the announced IRQ"), r.transcript());
    }

    /**
     * A real Linux (the test kernel) on the Java local APICs and IOAPIC, with two CPUs: it starts the
     * second CPU through Java INIT/STARTUP, sends its IPIs through the Java APICs (KVM's PV IPI and
     * kick are hidden: they need KVM's own APIC), mounts its root from virtio-blk, whose interrupts
     * come through the Java IOAPIC, talks on the virtio console, and powers off.
     */
    @Test
    void linuxOnTheJavaApicsBootsTwoCpusFromAVirtioDisk(@TempDir Path dir) throws Exception {
        TestKernel.assumeAvailable();
        Path disk = Files.copy(TestKernel.rootfs(), dir.resolve("root.ext4"));
        JhyveProcess.Result r = new JhyveProcess("run", "-k", TestKernel.bzImage().toString(), "-m", "256", "-p", "2",
                "--irqchip", "userspace", "-d", disk.toString(), "--rng", "--console", "virtio", "--silence", "120",
                "-a", "console=hvc0 panic=-1 root=/dev/vda rw init=/init jhyve.test=report")
                .timeout(Duration.ofMinutes(5)).run();
        String out = r.stdout();
        assertTrue(out.contains("VFS: Mounted root (ext4 filesystem)"), r.transcript());
        assertTrue(out.contains("jhyve-guest: cpus 2"), r.transcript());
        assertTrue(out.contains("jhyve-guest: virtio0 device 0x0002 on LNRO0005:00"), r.transcript());
        assertTrue(out.contains("jhyve-guest: virtio2 device 0x0004 on LNRO0005:02"), r.transcript());
        assertFalse(out.contains("PV IPI"), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest powered off: ACPI S5 soft-off"), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
    }

    /**
     * Debian's own kernel (linux-image-amd64) on the Java APICs with two CPUs gets as far as with
     * KVM's in-kernel irqchip: busybox userspace, both CPUs, and S5.
     */
    @Test
    void debiansKernelOnTheJavaApicsReachesUserspaceWithTwoCpus() throws Exception {
        JhyveProcess.Result r = new JhyveProcess("run", "-k", RealKernel.vmlinuz().toString(),
                "-i", RealKernel.initramfs().toString(), "-m", "512", "-p", "2", "--irqchip", "userspace",
                "--silence", "120", "-a", "console=ttyS0 panic=-1 jhyve.test=report")
                .timeout(Duration.ofMinutes(6)).run();
        assertTrue(r.stdout().contains("jhyve-guest: cpus 2"), r.transcript());
        assertFalse(r.stdout().contains("PV IPI"), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest powered off: ACPI S5 soft-off"), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
    }

    /**
     * A real Linux (the test kernel) on the HVF backend's present set-up, the Java 8259s and 8254 and
     * no APIC: it boots to userspace and powers off. Its ACPI tables carry no MADT and IA32_APIC_BASE
     * starts globally disabled, so Linux sees no APIC (KVM derives CPUID's APIC bit from that MSR).
     */
    @Test
    void linuxBootsToUserspaceWithOnlyTheJava8259sAnd8254() throws Exception {
        TestKernel.assumeAvailable();
        JhyveProcess.Result r = new JhyveProcess("run", "-k", TestKernel.bzImage().toString(),
                "-i", TestKernel.initramfs().toString(), "-m", "256", "--irqchip", "userspace-pic", "--silence", "120",
                "-a", "console=ttyS0 panic=-1 jhyve.test=report").timeout(Duration.ofMinutes(5)).run();
        assertTrue(r.stdout().contains(TestKernel.MARKER), r.transcript());
        assertTrue(r.stdout().contains("APIC: Keep in PIC mode(8259)"), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest powered off: ACPI S5 soft-off"), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
    }
}

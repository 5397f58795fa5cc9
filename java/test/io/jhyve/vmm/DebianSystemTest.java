package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.DebianImage;
import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real distribution from a disk (issue 6, item 7): the Debian system of scripts/make-rootfs,
 * booted with configs/debian.json from a virtio disk by Debian's own kernel and initramfs, reaches
 * systemd's login prompt on the serial console; a scripted session logs in as root, writes a file
 * and powers off through systemd (ACPI S5, jhyve exits 0); the next boot of the same disk finds the
 * file. Tagged {@code debian} so CI can run it in a step of its own: under scripts/kvm-vm each boot
 * takes minutes.
 */
@KvmTest
@Tag("debian")
class DebianSystemTest {
    private static final Path CONFIG = Path.of("configs", "debian.json");
    private static final Path TRANSCRIPTS = Path.of("target", "debian-system-test");
    private static final String PROMPT = DebianImage.HOSTNAME + ":~# ";
    private static final String POWERED_OFF = "jhyve: guest powered off: ACPI S5 soft-off";
    /** Under scripts/kvm-vm (QEMU's emulator) a boot to the login prompt takes minutes; a guard, not a goal. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(12);

    @BeforeEach
    void needsKvmAndTheImage() {
        KvmRequirement.assumeKvm();
        DebianImage.assumeAvailable();
    }

    /**
     * Boots {@code disk} with configs/debian.json, logs in as root, types {@code command} (which must
     * end by printing {@code done}), then {@code systemctl poweroff}.
     */
    private static JhyveProcess.Result session(int boot, Path disk, String command, String done) throws Exception {
        long started = System.nanoTime();
        AtomicLong loginPrompt = new AtomicLong();
        JhyveProcess.Result r = new JhyveProcess("run", CONFIG.toString(), "-d", disk.toString(), "--timings")
                .timeout(BOOT_TIMEOUT)
                .whenOutput(" login: ", p -> loginPrompt.set(System.nanoTime()))
                .inputAfter(" login: ", "root\n")
                .inputAfter("Password: ", DebianImage.ROOT_PASSWORD + "\n")
                .inputAfter(PROMPT, command + "\n")
                .inputAfter(done, "systemctl poweroff\n")
                .run();
        System.out.printf("[debian boot %d: login prompt %.1f s after jhyve started, powered off after %.1f s]%n",
                boot, (loginPrompt.get() - started) / 1e9, (System.nanoTime() - started) / 1e9);
        // The whole console and jhyve's timeline, to see where a slow boot spends its time.
        Files.createDirectories(TRANSCRIPTS);
        Files.writeString(TRANSCRIPTS.resolve("boot-" + boot + ".log"), r.transcript());
        assertTrue(loginPrompt.get() != 0, "no login prompt\n" + r.transcript());
        assertTrue(r.stdout().contains(done), r.transcript());
        assertTrue(r.stderr().contains(POWERED_OFF), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
        return r;
    }

    @Test
    void debianBootsToLoginAndKeepsAFileAcrossAReboot(@TempDir Path dir) throws Exception {
        Path disk = DebianImage.sparseCopy(DebianImage.rootfs(), dir.resolve("debian.ext4"));
        String token = "jhyve-token-" + UUID.randomUUID();
        // $((6*7)): the markers the session waits for are printed by the shell, never echoed as typed.
        session(1, disk, "echo " + token + " >/root/jhyve-token && sync && echo written-$((6*7))", "written-42");
        JhyveProcess.Result second = session(2, disk, "cat /root/jhyve-token; echo read-$((6*7))", "read-42");
        assertTrue(second.stdout().contains(token), "the second boot did not read back " + token + "\n"
                + second.transcript());
    }
}

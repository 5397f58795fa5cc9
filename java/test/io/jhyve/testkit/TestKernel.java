package io.jhyve.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Linux guest of the system tests: the kernel scripts/build-test-kernel builds (under
 * ~/.cache/jhyve/test-kernel/current) and the busybox initramfs of scripts/fetch-guest, whose /init
 * prints {@link #MARKER} and then acts on {@code jhyve.test=reboot|poweroff}.
 *
 * <p>{@link #assumeAvailable()} skips a test only where the kernel cannot be built at all (the build
 * script recorded why); a kernel that is merely missing fails under JHYVE_REQUIRE_KVM=1, because CI
 * (scripts/test) builds it before the tests run.
 */
public final class TestKernel {
    /** What the initramfs's /init prints once userspace runs. */
    public static final String MARKER = "JHYVE-GUEST-READY";

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "jhyve");

    private TestKernel() { }

    public static Path dir() { return CACHE.resolve("test-kernel").resolve("current"); }

    public static Path bzImage() { return dir().resolve("bzImage"); }

    public static Path vmlinux() { return dir().resolve("vmlinux"); }

    public static Path initramfs() { return CACHE.resolve("guest").resolve("initramfs.cpio.gz"); }

    /** The initramfs's tree as an ext4 image, to boot from a disk (root=/dev/vda init=/init). */
    public static Path rootfs() { return CACHE.resolve("guest").resolve("rootfs.ext4"); }

    /** Skips (with the build script's reason) or fails unless the kernel and initramfs are there. */
    public static void assumeAvailable() {
        Path unavailable = CACHE.resolve("test-kernel").resolve("unavailable");
        if (!Files.isRegularFile(bzImage()) && Files.isRegularFile(unavailable)) {
            String reason = "skipped: the test kernel cannot be built on this host: " + read(unavailable);
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        missing(bzImage(), "scripts/build-test-kernel");
        missing(vmlinux(), "scripts/build-test-kernel");
        missing(initramfs(), "scripts/fetch-guest");
        missing(rootfs(), "scripts/fetch-guest");
    }

    private static void missing(Path file, String script) {
        if (Files.isRegularFile(file)) return;
        String message = file + " is missing: run " + script + " (scripts/test does when JHYVE_REQUIRE_KVM=1)";
        if (KvmRequirement.required()) Assertions.fail("JHYVE_REQUIRE_KVM=1 but " + message);
        System.err.println("skipped: " + message);
        Assumptions.abort("skipped: " + message);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "(" + p + " unreadable: " + e.getMessage() + ")";
        }
    }
}

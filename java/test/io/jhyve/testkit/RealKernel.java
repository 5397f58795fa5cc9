package io.jhyve.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Debian kernel and busybox initramfs that scripts/fetch-guest caches in ~/.cache/jhyve/guest.
 * Tests that need them call {@link #vmlinuz()} or {@link #initramfs()}: when the file is absent the
 * test is skipped with the reason, unless JHYVE_REQUIRE_REAL_KERNEL=1 (as CI sets it after running
 * fetch-guest), where it fails instead, so a CI run can never pass by skipping.
 */
public final class RealKernel {
    public static final Path DIR = Path.of(System.getProperty("user.home"), ".cache/jhyve/guest");
    public static final Path VMLINUZ = DIR.resolve("vmlinuz");
    public static final Path INITRAMFS = DIR.resolve("initramfs.cpio.gz");

    private RealKernel() { }

    public static boolean required() {
        return "1".equals(System.getenv("JHYVE_REQUIRE_REAL_KERNEL"));
    }

    /** The cached bzImage, or the test is skipped (failed under JHYVE_REQUIRE_REAL_KERNEL=1). */
    public static Path vmlinuz() {
        return require(VMLINUZ);
    }

    /** The cached initramfs, or the test is skipped (failed under JHYVE_REQUIRE_REAL_KERNEL=1). */
    public static Path initramfs() {
        return require(INITRAMFS);
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path require(Path file) {
        if (Files.isRegularFile(file)) return file;
        String reason = "no " + file + ": run scripts/fetch-guest";
        if (required()) Assertions.fail("JHYVE_REQUIRE_REAL_KERNEL=1 but there is " + reason);
        Assumptions.abort("skipped, needs the real kernel: " + reason
                + " (set JHYVE_REQUIRE_REAL_KERNEL=1 to make this a failure)");
        return file;
    }
}

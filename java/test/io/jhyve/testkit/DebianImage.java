package io.jhyve.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Debian system scripts/make-rootfs caches in ~/.cache/jhyve/debian: an ext4 disk image with
 * systemd, and the Debian kernel and initramfs installed in it. {@link #assumeAvailable()} skips a
 * test when they are missing, naming the script, unless JHYVE_REQUIRE_REAL_KERNEL=1 (CI runs the
 * script first), where it fails instead, as {@link RealKernel} does.
 *
 * <p>The cached image is shared by every test and by users: tests boot a {@link #sparseCopy} of it.
 */
public final class DebianImage {
    public static final Path DIR = Path.of(System.getProperty("user.home"), ".cache", "jhyve", "debian");
    /** The root password scripts/make-rootfs sets. */
    public static final String ROOT_PASSWORD = "jhyve";
    /** The image's /etc/hostname, which the login prompt and the shell prompt show. */
    public static final String HOSTNAME = "jhyve-debian";

    private static final int BLOCK = 64 * 1024;

    private DebianImage() { }

    public static Path rootfs() { return DIR.resolve("rootfs.ext4"); }

    public static Path vmlinuz() { return DIR.resolve("vmlinuz"); }

    public static Path initrd() { return DIR.resolve("initrd.img"); }

    /** Skips (or under JHYVE_REQUIRE_REAL_KERNEL=1 fails) unless the image, kernel and initrd are there. */
    public static void assumeAvailable() {
        for (Path file : new Path[] {rootfs(), vmlinuz(), initrd()}) {
            if (Files.isRegularFile(file)) continue;
            String reason = file + " is missing: run scripts/make-rootfs (as root, with network; a few minutes)";
            if (RealKernel.required()) Assertions.fail("JHYVE_REQUIRE_REAL_KERNEL=1 but " + reason);
            System.err.println("skipped: " + reason);
            Assumptions.abort("skipped: " + reason + " (set JHYVE_REQUIRE_REAL_KERNEL=1 to make this a failure)");
        }
    }

    /**
     * Copies {@code source} to {@code target} leaving holes where the source reads as zeros, so a
     * 1 GiB image that holds a few hundred MiB costs only those on disk (or in a tmpfs).
     */
    public static Path sparseCopy(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
            long position = 0;
            while (true) {
                block.clear();
                int n = in.read(block, position);
                if (n < 0) break;
                block.flip();
                if (!allZero(block)) {
                    while (block.hasRemaining()) out.write(block, position + block.position());
                }
                position += n;
            }
            try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
                raf.setLength(position);
            }
        }
        return target;
    }

    private static boolean allZero(ByteBuffer b) {
        int i = b.position();
        for (; i + Long.BYTES <= b.limit(); i += Long.BYTES) {
            if (b.getLong(i) != 0) return false;
        }
        for (; i < b.limit(); i++) {
            if (b.get(i) != 0) return false;
        }
        return true;
    }
}

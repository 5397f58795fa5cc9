package io.jhyve.boot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Parses and plans a real distribution kernel when the guest fetch script has put one in the cache. */
class RealKernelTest {
    private static final Path VMLINUZ = Path.of(System.getProperty("user.home"), ".cache/jhyve/guest/vmlinuz");

    @Test
    void parsesAndPlansTheCachedKernel() throws IOException {
        assumeTrue(Files.isRegularFile(VMLINUZ), "no kernel at " + VMLINUZ);
        BzImage k = assertInstanceOf(BzImage.class, KernelImage.parse(VMLINUZ.toString(), Files.readAllBytes(VMLINUZ)));
        assertTrue(k.header().version() >= BzImage.MIN_PROTOCOL);
        assertTrue(k.header().relocatableKernel());
        assertTrue(k.header().initSize() >= k.payloadSize());
        assertTrue(k.versionString().matches("\\d+\\.\\d+.*"), k.versionString());
        BootSummary plan = LinuxBoot.plan(512L << 20, k, 16L << 20, "initrd", "console=ttyS0");
        assertEquals(plan.kernel().loadAddress() + 0x200, plan.entry());
    }
}

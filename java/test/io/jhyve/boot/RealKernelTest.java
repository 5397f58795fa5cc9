package io.jhyve.boot;

import io.jhyve.testkit.RealKernel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parses and plans a real distribution kernel when the guest fetch script has put one in the cache. */
class RealKernelTest {
    @Test
    void parsesAndPlansTheCachedKernel() throws IOException {
        Path vmlinuz = RealKernel.vmlinuz();
        BzImage k = assertInstanceOf(BzImage.class, KernelImage.parse(vmlinuz.toString(), Files.readAllBytes(vmlinuz)));
        assertTrue(k.header().version() >= BzImage.MIN_PROTOCOL);
        assertTrue(k.header().relocatableKernel());
        assertTrue(k.header().initSize() >= k.payloadSize());
        assertTrue(k.versionString().matches("\\d+\\.\\d+.*"), k.versionString());
        BootSummary plan = LinuxBoot.plan(512L << 20, k, 16L << 20, "initrd", "console=ttyS0");
        assertEquals(plan.kernel().loadAddress() + 0x200, plan.entry());
    }
}

package io.jhyve.vmm;

import static io.jhyve.testkit.TestGuests.assertPassedAndExited;
import static io.jhyve.testkit.TestGuests.fnv1a;
import static io.jhyve.testkit.TestGuests.image;
import static io.jhyve.testkit.TestGuests.jhyve;
import static io.jhyve.testkit.TestGuests.reported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.arch.x86.Gdt;
import io.jhyve.arch.x86.Layout;
import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PVH entry path on KVM: jhyve boots the pvh-state test guest, an ELF image with a Xen
 * PHYS32_ENTRY note (java/guests/boot/pvh.S), which checks the 32-bit entry state and the
 * hvm_start_info block from inside and reports TAP-style lines on COM1 (java/guests/README.md).
 */
@KvmTest
class PvhGuestTest {
    private static final String GUEST = "pvh-state";

    @TempDir
    Path dir;

    @BeforeEach
    void needsKvm() {
        KvmRequirement.assumeKvm();
    }

    private static JhyveProcess.Result run(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--debug-exit"));
        args.addAll(List.of(extra));
        return jhyve(image(GUEST + ".elf"), args.toArray(String[]::new)).run();
    }

    private static void assertPassed(JhyveProcess.Result r) {
        assertPassedAndExited(GUEST, r);
    }

    @Test
    void pvhEntryWithInitrdAndCommandLine() throws Exception {
        byte[] initrd = new byte[24 * 1024];
        new Random(7).nextBytes(initrd);
        Path initrdFile = Files.write(dir.resolve("initrd.bin"), initrd);
        String token = UUID.randomUUID().toString().substring(0, 8);
        JhyveProcess.Result r = run("-m", "128", "-i", initrdFile.toString(),
                "-a", "console=ttyS0 jhyve.token=" + token + " expect.initrd_size=" + initrd.length);
        assertPassed(r);
        assertTrue(r.stdout().contains("# cmdline: console=ttyS0 jhyve.token=" + token), r.transcript());
        assertTrue(r.stdout().contains(String.format("# entry: EBX=0x%08x ", Layout.PVH_START_INFO)), r.transcript());
        assertTrue(r.stdout().contains(String.format("# entry: CS=0x%x ", Gdt.CODE32)), r.transcript());

        Matcher m = Pattern.compile("# initrd: addr=0x([0-9a-f]+) size=(\\d+) fnv1a=0x([0-9a-f]{8})").matcher(r.stdout());
        assertTrue(m.find(), r.transcript());
        assertEquals(initrd.length, Integer.parseInt(m.group(2)));
        assertEquals(String.format("%08x", fnv1a(initrd)), m.group(3), "initrd bytes as the guest sees them");
        long addr = Long.parseLong(m.group(1), 16);
        assertEquals(0, addr % 4096, "initrd page aligned");
        assertTrue(addr + initrd.length <= 128L << 20, "initrd inside RAM");
        assertEquals(List.of("0x0000000000000000 0x000000000009fc00 1", "0x000000000009fc00 0x0000000000060400 2",
                "0x0000000000100000 0x0000000007f00000 1"), memmap(r.stdout()), r.transcript());
    }

    @Test
    void pvhMemmapHasRamAboveFourGib() throws Exception {
        JhyveProcess.Result r = run("-m", "3584");
        assertPassed(r);
        assertEquals(List.of("0x0000000000000000 0x000000000009fc00 1", "0x000000000009fc00 0x0000000000060400 2",
                "0x0000000000100000 0x00000000bff00000 1", "0x0000000100000000 0x0000000020000000 1"),
                memmap(r.stdout()), r.transcript());
        assertTrue(r.stdout().contains("# initrd: none"), r.transcript());
    }

    private static List<String> memmap(String stdout) {
        return reported(stdout, "# memmap: ");
    }
}

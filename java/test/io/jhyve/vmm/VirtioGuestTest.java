package io.jhyve.vmm;

import static io.jhyve.testkit.TestGuests.assertPassedAndExited;
import static io.jhyve.testkit.TestGuests.guest;
import static io.jhyve.testkit.TestGuests.jhyve;
import static org.junit.jupiter.api.Assertions.*;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import io.jhyve.testkit.NetNamespace;
import io.jhyve.testkit.TestGuests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtio guests (java/guests/tests/virtio-*.c) under jhyve on KVM: a freestanding driver reads
 * and writes a virtio-blk disk, talks to virtio-console and virtio-rng, and breaks the virtqueue
 * rules on purpose; the host side checks the disk file, the console sink and jhyve's survival.
 */
@KvmTest
class VirtioGuestTest {
    private static final int DISK_BYTES = 128 * 512;

    @TempDir
    Path dir;

    @BeforeEach
    void needsKvm() {
        KvmRequirement.assumeKvm();
    }

    private Path disk() throws Exception {
        byte[] b = new byte[DISK_BYTES];
        new Random(6).nextBytes(b);
        return Files.write(dir.resolve("disk.img"), b);
    }

    /**
     * The freestanding guests read no ACPI: they find their devices in virtio_mmio.device= options,
     * which jhyve writes for a kernel told acpi=off.
     */
    private static final String NO_ACPI = "console=ttyS0 acpi=off";

    private static JhyveProcess.Result run(String guest, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--debug-exit"));
        if (!List.of(extra).contains("-a")) args.addAll(List.of("-a", NO_ACPI));
        args.addAll(List.of(extra));
        return jhyve(guest(guest), args.toArray(String[]::new)).run();
    }

    private static void assertPassed(String guest, JhyveProcess.Result r) {
        assertPassedAndExited(guest, r);
    }

    private static String fnv1a(byte[] b) {
        return String.format("0x%08x", TestGuests.fnv1a(b));
    }

    @Test
    void blkReadsTheWholeDiskWritesAndFlushes() throws Exception {
        Path img = disk();
        byte[] before = Files.readAllBytes(img);
        Path cfg = Files.writeString(dir.resolve("vm.json"), String.format(
                "{\"kernel\": \"%s\", \"cmdline\": \"acpi=off blk.mode=rw blk.serial=jhyve-test-0\", \"debugExit\": true,"
                        + " \"disks\": [{\"path\": \"%s\", \"serial\": \"jhyve-test-0\"}]}", guest("virtio-blk"), img));
        JhyveProcess.Result r = new JhyveProcess("run", cfg.toString()).run();
        assertPassed("virtio-blk", r);
        Matcher m = Pattern.compile("# blk: read (\\d+) sectors, fnv1a=(0x[0-9a-f]{8})").matcher(r.stdout());
        assertTrue(m.find(), r.transcript());
        assertEquals("128", m.group(1));
        assertEquals(fnv1a(before), m.group(2), "the guest read exactly the host file");
        byte[] after = Files.readAllBytes(img);
        byte[] sector1 = Arrays.copyOfRange(after, 512, 1024);
        byte[] expected = Arrays.copyOf("jhyve virtio-blk write".getBytes(StandardCharsets.US_ASCII), 512);
        assertArrayEquals(expected, sector1, "the write reached the file");
        assertArrayEquals(Arrays.copyOf(before, 512), Arrays.copyOf(after, 512), "sector 0 untouched");
        assertArrayEquals(Arrays.copyOfRange(before, 1024, DISK_BYTES), Arrays.copyOfRange(after, 1024, DISK_BYTES));
    }

    @Test
    void aReadOnlyDiskRefusesWrites() throws Exception {
        Path img = disk();
        byte[] before = Files.readAllBytes(img);
        JhyveProcess.Result r = run("virtio-blk", "-c", img.toString(), "-a", NO_ACPI + " blk.mode=ro");
        assertPassed("virtio-blk", r);
        assertTrue(r.stdout().contains("fnv1a=" + fnv1a(before)), r.transcript());
        assertArrayEquals(before, Files.readAllBytes(img));
    }

    @Test
    void consoleOutputReachesTheSinkAndRngReturnsBytes() throws Exception {
        JhyveProcess.Result r = run("virtio-misc", "--console", "virtio", "--rng");
        assertPassed("virtio-misc", r);
        assertTrue(r.stdout().contains("hvc0: hello from the virtio-console\n"), r.transcript());
        assertTrue(r.stdout().contains("emerg!\n"), r.transcript());
    }

    @Test
    void aHostileDriverLeavesJhyveRunningAndTheDeviceNeedingReset() throws Exception {
        JhyveProcess.Result r = run("virtio-hostile", "-d", disk().toString());
        assertPassed("virtio-hostile", r);
        assertTrue(r.stderr().contains("jhyve: virtio-blk@0xd0000000: queue 0: chain from head 0 is longer than its "
                + "16-entry queue (a loop); device needs reset (further errors not logged)"), r.transcript());
    }

    /**
     * virtio-net on a tap in a private network namespace: jhyve runs inside it, a python3 listener
     * on the tap answers the guest's frame with one of its own. Needs root, ip and python3.
     */
    @Test
    void netFramesGoBothWaysThroughATap() throws Exception {
        try (NetNamespace ns = NetNamespace.create(null)) {
            Process listener = ns.start("python3", "-c",
                    "import socket; s=socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88b5));"
                            + " s.bind(('" + NetNamespace.TAP + "', 0)); s.settimeout(300); print('ready', flush=True);"
                            + " f=s.recv(2048); print(f.hex(), flush=True);"
                            + " s.send(f[6:12] + bytes.fromhex('02aabbccddee88b5') + b'hello from the host'.ljust(46, b'\\0'))");
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(listener.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("ready", lines.readLine());
            JhyveProcess.Result r = new JhyveProcess("run", "-k", guest("virtio-net").toString(), "--debug-exit",
                    "-a", NO_ACPI, "--net", "tap:" + NetNamespace.TAP).wrappedIn(ns.wrapper()).run();
            String fromGuest = lines.readLine();
            listener.destroy();
            assertPassed("virtio-net", r);
            assertTrue(r.stdout().contains("# net: mac 02:6a:68:79:76:00"), r.transcript());
            assertTrue(r.stdout().contains("# net: received hello from the host"), r.transcript());
            assertNotNull(fromGuest);
            assertTrue(fromGuest.startsWith("ffffffffffff026a6879760088b5"
                    + java.util.HexFormat.of().formatHex("hello from the guest".getBytes(StandardCharsets.US_ASCII))),
                    fromGuest);
        }
    }
}

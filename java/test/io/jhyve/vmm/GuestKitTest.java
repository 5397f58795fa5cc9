package io.jhyve.vmm;

import static io.jhyve.testkit.TestGuests.assertPassedAndExited;
import static io.jhyve.testkit.TestGuests.fnv1a;
import static io.jhyve.testkit.TestGuests.guest;
import static io.jhyve.testkit.TestGuests.jhyve;
import static io.jhyve.testkit.TestGuests.reported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest test kit under jhyve on KVM: each freestanding guest checks one mechanism from inside
 * and reports TAP-style lines on COM1 (see java/guests/README.md); these tests run jhyve exactly as
 * a user would and check the guest's verdict, jhyve's closing line and its exit status.
 */
@KvmTest
class GuestKitTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsKvm() {
        KvmRequirement.assumeKvm();
    }

    private static JhyveProcess.Result run(String guest, String... extra) throws Exception {
        return jhyve(guest(guest), extra).run();
    }

    private static void assertPassed(String guest, JhyveProcess.Result r) {
        assertPassedAndExited(guest, r);
    }

    @Test
    void hello() throws Exception {
        JhyveProcess.Result r = run("hello", "--debug-exit", "--timings");
        assertTrue(r.stdout().contains("Hello from a jhyve test guest"), r.transcript());
        assertPassed("hello", r);
        assertTrue(r.stderr().contains("guest entered"), r.transcript());
    }

    @Test
    void vftoolTtyOneGivesAPtyAndPrintsItsPath() throws Exception {
        JhyveProcess.Result r = run("hello", "--debug-exit", "-t", "1");
        assertTrue(r.stderr().contains("jhyve: serial console on /dev/pts/"), r.transcript());
        assertFalse(r.stdout().contains("Hello"), "console output goes to the pty, not stdout\n" + r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
    }

    @Test
    void consoleToFile() throws Exception {
        Path log = dir.resolve("console.log");
        JhyveProcess.Result r = run("hello", "--debug-exit", "--serial", "file:" + log);
        assertEquals(0, r.exitStatus(), r.transcript());
        assertTrue(Files.readString(log).contains("Hello from a jhyve test guest"), r.transcript());
    }

    @Test
    void withoutDebugExitTheGuestFallsBackToAnI8042Reset() throws Exception {
        JhyveProcess.Result r = run("hello");
        assertTrue(r.stdout().contains("jhyve-test: PASS hello"), r.transcript());
        assertEquals(3, r.exitStatus(), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest rebooted: i8042"), r.transcript());
    }

    @Test
    void bootStateWithInitrdAndCommandLine() throws Exception {
        byte[] initrd = new byte[24 * 1024];
        new Random(42).nextBytes(initrd);
        Path initrdFile = Files.write(dir.resolve("initrd.bin"), initrd);
        String token = UUID.randomUUID().toString().substring(0, 8);
        JhyveProcess.Result r = run("boot-state", "--debug-exit", "-m", "128", "-i", initrdFile.toString(),
                "-a", "console=ttyS0 jhyve.token=" + token + " expect.initrd_size=" + initrd.length);
        assertPassed("boot-state", r);
        assertTrue(r.stdout().contains("# cmdline: console=ttyS0 jhyve.token=" + token), r.transcript());
        Matcher m = Pattern.compile("# initrd: addr=0x([0-9a-f]+) size=(\\d+) fnv1a=0x([0-9a-f]{8})").matcher(r.stdout());
        assertTrue(m.find(), r.transcript());
        assertEquals(initrd.length, Integer.parseInt(m.group(2)));
        assertEquals(String.format("%08x", fnv1a(initrd)), m.group(3), "initrd bytes as the guest sees them");
        long addr = Long.parseLong(m.group(1), 16);
        assertEquals(0, addr % 4096, "initrd page aligned");
        assertTrue(addr + initrd.length <= 128L << 20, "initrd inside RAM");
        assertTrue(addr >= (64L << 20), "initrd placed high, got 0x" + Long.toHexString(addr));
        assertEquals(List.of("0x0000000000000000 0x000000000009fc00 1", "0x000000000009fc00 0x0000000000060400 2",
                "0x0000000000100000 0x0000000007f00000 1"), e820(r.stdout()), r.transcript());
        assertTrue(r.stdout().contains("# type_of_loader: 0xff"), r.transcript());
    }

    @Test
    void bootStateWithRamAboveFourGib() throws Exception {
        JhyveProcess.Result r = run("boot-state", "--debug-exit", "-m", "3584");
        assertPassed("boot-state", r);
        assertEquals(List.of("0x0000000000000000 0x000000000009fc00 1", "0x000000000009fc00 0x0000000000060400 2",
                "0x0000000000100000 0x00000000bff00000 1", "0x0000000100000000 0x0000000020000000 1"),
                e820(r.stdout()), r.transcript());
        assertTrue(r.stdout().contains("# initrd: none"), r.transcript());
    }

    @Test
    void uartProbedLikeLinuxWithInterruptsAndInput() throws Exception {
        JhyveProcess.Result r = new JhyveProcess("run", "-k", guest("uart").toString(), "--debug-exit")
                .inputAfter("# uart: ready for input", "ping\n").run();
        assertPassed("uart", r);
        assertTrue(r.stdout().contains("# uart: received ping"), r.transcript());
        assertFalse(r.stdout().contains("LOOPBACK-16550A!"), "loopback bytes must not reach the host\n" + r.transcript());
    }

    @Test
    void timerRateAndRtcTime() throws Exception {
        Instant before = Instant.now();
        JhyveProcess.Result r = run("timer", "--debug-exit");
        Instant after = Instant.now();
        assertPassed("timer", r);
        Matcher m = Pattern.compile("# rtc: (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)").matcher(r.stdout());
        assertTrue(m.find(), r.transcript());
        Instant rtc = LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                .toInstant(ZoneOffset.UTC);
        assertTrue(!rtc.isBefore(before.minusSeconds(2)) && !rtc.isAfter(after.plusSeconds(2)),
                "RTC " + rtc + " not within the run " + before + " .. " + after);
    }

    @Test
    void i8042ResetEndsTheRunWithStatusThree() throws Exception {
        JhyveProcess.Result r = run("reset", "--debug-exit", "-a", "console=ttyS0 reset=i8042");
        assertTrue(r.stdout().contains("# reset: i8042"), r.transcript());
        assertEquals(3, r.exitStatus(), r.transcript());
        assertTrue(r.stderr().contains("jhyve: guest rebooted: i8042 reset"), r.transcript());
    }

    @Test
    void debugExitStatusBecomesTheExitStatus() throws Exception {
        JhyveProcess.Result r = run("reset", "--debug-exit", "-a", "console=ttyS0 reset=debug-exit");
        assertEquals(0, r.exitStatus(), r.transcript());
        assertTrue(r.stderr().contains("debug-exit port 0xf4"), r.transcript());
    }

    private static List<String> e820(String stdout) {
        return reported(stdout, "# e820: ");
    }
}

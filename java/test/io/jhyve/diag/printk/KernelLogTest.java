package io.jhyve.diag.printk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.memory.GuestMemory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The printk ring finder and reader on synthetic memory images, well-formed and hostile. */
class KernelLogTest {
    private static final int MiB = 1 << 20;

    private static List<String> texts(KernelLog log) {
        return log.records().stream().map(PrintkRecord::text).collect(Collectors.toList());
    }

    @Test
    void findsARingByItsStructureAndReadsItsRecordsInOrder() {
        GuestMemory mem = GuestMemory.onHeap(8 * MiB);
        new Random(1).nextBytes(new byte[0]);
        SyntheticPrintkRing ring = new SyntheticPrintkRing(mem, 0x200000, 0x300000, 0x500000, 12);
        ring.append("Linux version 6.1.0-test", 0, 5).append("Command line: console=ttyS0", 1_500_000, 6)
                .append("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)", 2_345_678_901L, 0)
                .append("---[ end Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0) ]---");
        KernelLog log = KernelLog.recover(mem);
        assertEquals(Optional.of(new PrintkRing(0x200000, 12, 0x300000, 0x500000, 17)), log.ring());
        assertEquals(List.of("Linux version 6.1.0-test", "Command line: console=ttyS0",
                "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)",
                "---[ end Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0) ]---"), texts(log));
        assertEquals(List.of("[    0.001500] Command line: console=ttyS0",
                "[    2.345678] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)"),
                log.tail(3).subList(0, 2));
        assertEquals(0, log.records().get(2).level());
        assertEquals(Optional.of("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)"), log.panic());
    }

    @Test
    void thePanicTrailerAloneStillGivesThePanic() {
        GuestMemory mem = GuestMemory.onHeap(2 * MiB);
        new SyntheticPrintkRing(mem, 0x10000, 0x20000, 0x40000, 8).append("a").append("b")
                .append("---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100 ]---");
        assertEquals(Optional.of("Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100"),
                KernelLog.recover(mem).panic());
    }

    @Test
    void aWrappedRingIsReassembledInSequenceOrder() {
        GuestMemory mem = GuestMemory.onHeap(4 * MiB);
        SyntheticPrintkRing ring = new SyntheticPrintkRing(mem, 0x100000, 0x101000, 0x104000, 6); // 2 KiB text
        for (int i = 0; i < 500; i++) ring.append("record " + i + " " + "x".repeat(i % 37));
        KernelLog log = KernelLog.recover(mem);
        List<PrintkRecord> recs = log.records();
        assertTrue(recs.size() > 10, "records recovered: " + recs.size());
        assertEquals(499, recs.get(recs.size() - 1).seq());
        long first = recs.get(0).seq();
        assertEquals(LongStream.rangeClosed(first, 499).boxed().collect(Collectors.toList()),
                recs.stream().map(PrintkRecord::seq).collect(Collectors.toList()), "contiguous, oldest first");
        for (PrintkRecord r : recs) assertEquals("record " + r.seq() + " " + "x".repeat((int) (r.seq() % 37)), r.text());
    }

    @Test
    void findsTheRingAmongNoiseAndAPartialDecoy() {
        GuestMemory mem = GuestMemory.onHeap(32 * MiB);
        byte[] noise = new byte[32 * MiB];
        new Random(7).nextBytes(noise);
        mem.write(0, noise);
        // A decoy: three consecutive descriptor ids with nothing behind them.
        for (int k = 0; k < 3; k++) mem.writeU64(0x40000 + 24L * k, SyntheticPrintkRing.sv(100 + k, 2));
        long base = 0x1800000;
        mem.fill(base, 4 * MiB, 0);
        SyntheticPrintkRing ring = new SyntheticPrintkRing(mem, base + 0x300000, base, base + 0x100000, 10);
        for (int i = 0; i < 50; i++) ring.append("boot message " + i);
        KernelLog log = KernelLog.recover(mem);
        assertEquals(50, log.records().size(), String.valueOf(log.ring()));
        assertEquals("boot message 49", log.records().get(49).text());
    }

    @Test
    void randomMemoryHasNoRing() {
        GuestMemory mem = GuestMemory.onHeap(16 * MiB);
        byte[] noise = new byte[16 * MiB];
        new Random(3).nextBytes(noise);
        mem.write(0, noise);
        KernelLog log = KernelLog.recover(mem);
        assertTrue(log.isEmpty());
        assertFalse(log.ring().isPresent());
        assertEquals("", log.text());
    }

    @Test
    void corruptedFieldsDropRecordsButNeverThrow() {
        for (int seed = 0; seed < 40; seed++) {
            GuestMemory mem = GuestMemory.onHeap(2 * MiB);
            SyntheticPrintkRing ring = new SyntheticPrintkRing(mem, 0x10000, 0x20000, 0x40000, 8);
            for (int i = 0; i < 300; i++) ring.append("line " + i);
            Random rnd = new Random(seed);
            for (int k = 0; k < 200; k++) {
                long at = switch (rnd.nextInt(3)) {
                    case 0 -> 0x10000 + 8L * rnd.nextInt(256 * 3);
                    case 1 -> 0x20000 + 8L * rnd.nextInt(256 * 11);
                    default -> 0x40000 + 8L * rnd.nextInt(8192 / 8);
                };
                mem.writeU64(at, rnd.nextInt(4) == 0 ? -1L : rnd.nextLong());
            }
            KernelLog log = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> KernelLog.recover(mem));
            for (PrintkRecord r : log.records()) assertTrue(r.text().startsWith("line ") || r.text().length() <= 2048);
        }
    }

    @Test
    void textLengthPastTheBlockOrAStaleBlockIdDropsThatRecordOnly() {
        GuestMemory mem = GuestMemory.onHeap(2 * MiB);
        SyntheticPrintkRing ring = new SyntheticPrintkRing(mem, 0x10000, 0x20000, 0x40000, 8);
        for (int i = 0; i < 10; i++) ring.append("line " + i);
        mem.writeU16(0x20000 + 88L * 3 + 16, 2000);          // record 3 claims more text than its block
        long begin4 = mem.readU64(0x10000 + 24L * 4 + 8);
        mem.writeU64(0x40000 + (begin4 & 0x1fff), 12345);      // record 4's block belongs to another id
        List<String> texts = texts(KernelLog.recover(mem));
        assertEquals(List.of("line 0", "line 1", "line 2", "line 5", "line 6", "line 7", "line 8", "line 9"), texts);
    }

    @Test
    void hostileRunsEverywhereStayCheap() {
        GuestMemory mem = GuestMemory.onHeap(16 * MiB);
        for (long a = 0; a + 24 <= 16 * MiB; a += 24) mem.writeU64(a, SyntheticPrintkRing.sv(a / 24, 2));
        for (long a = 8; a + 88 <= 16 * MiB; a += 88 * 5) mem.writeU64(a, a / 88);
        KernelLog log = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> KernelLog.recover(mem));
        assertTrue(log.isEmpty());
    }

    @Test
    void controlCharactersFromTheGuestAreNeutralised() {
        GuestMemory mem = GuestMemory.onHeap(2 * MiB);
        SyntheticPrintkRing ring = new SyntheticPrintkRing(mem, 0x10000, 0x20000, 0x40000, 8);
        ring.append("a").append("b").append("evil \u001b]0;title\u0007 two\nlines");
        KernelLog log = KernelLog.recover(mem);
        assertEquals("evil ?]0;title? two\nlines", log.records().get(2).text());
        assertEquals(List.of("[    0.002000] evil ?]0;title? two", "[    0.002000] lines"), log.tail(2));
    }

    @Test
    void scansHalfAGibibyteInSeconds() {
        GuestMemory mem = GuestMemory.onHeap(512 * MiB);
        SyntheticPrintkRing ring = new SyntheticPrintkRing(mem, 500L * MiB, 501L * MiB, 504L * MiB, 12);
        for (int i = 0; i < 2000; i++) ring.append("message number " + i);
        KernelLog log = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> KernelLog.recover(mem));
        assertEquals(2000, log.records().size());
        System.out.println("# printk ring scan of 512 MiB: " + log.scanMillis() + " ms");
    }
}

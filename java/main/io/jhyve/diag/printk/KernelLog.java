package io.jhyve.diag.printk;

import io.jhyve.memory.GuestMemory;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kernel's own log, recovered from guest RAM after a run: the records of the printk ring
 * buffer in sequence order. {@link #recover} never throws; a guest without a recognisable ring (not
 * Linux, not booted that far, or a hostile image) gives an empty log with {@code ring} absent.
 */
public record KernelLog(Optional<PrintkRing> ring, List<PrintkRecord> records, long scanMillis) {
    private static final String PANIC = "Kernel panic - not syncing";

    /** No log: not looked for. */
    public static KernelLog none() { return new KernelLog(Optional.empty(), List.of(), 0); }

    public static KernelLog recover(GuestMemory memory) {
        long start = System.nanoTime();
        Optional<PrintkRing> ring = PrintkRingFinder.find(memory);
        List<PrintkRecord> records = List.of();
        if (ring.isPresent()) {
            try {
                records = new PrintkRingReader(new RamWords(memory), ring.get()).records();
            } catch (RuntimeException e) {
                records = List.of(); // never out of here: the guest is untrusted
            }
        }
        return new KernelLog(ring, List.copyOf(records), (System.nanoTime() - start) / 1_000_000);
    }

    public boolean isEmpty() { return records.isEmpty(); }

    /** The whole log as dmesg prints it, one line per text line, with a final newline. */
    public String text() {
        return records.stream().map(PrintkRecord::format).collect(Collectors.joining("\n", "", records.isEmpty() ? "" : "\n"));
    }

    /** The last {@code n} lines of {@link #text()}. */
    public List<String> tail(int n) {
        List<String> lines = text().lines().collect(Collectors.toList());
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    /**
     * The panic message, the usual one-line cause of a dead kernel: the last record that starts
     * "Kernel panic - not syncing: ...", else the "---[ end Kernel panic ... ]---" trailer panic()
     * prints last, without its brackets.
     */
    public Optional<String> panic() {
        String trailer = null;
        for (int i = records.size() - 1; i >= 0; i--) {
            String t = records.get(i).text().strip();
            if (t.startsWith(PANIC)) return Optional.of(t.lines().findFirst().orElse("").strip());
            int at = t.indexOf(PANIC);
            if (at >= 0 && trailer == null) trailer = t.substring(at).replaceFirst("\\s*]---$", "").strip();
        }
        return Optional.ofNullable(trailer);
    }
}

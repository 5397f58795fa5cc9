package io.jhyve.vmm;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Milestones of one run in milliseconds since the jhyve process started (not since main(): JVM
 * start-up is part of what a user waits for). Printed on stderr with {@code --timings}.
 */
public final class BootTimeline {
    private final long originNanos;
    private final long originOffsetMillis;
    private final List<String> marks = new ArrayList<>();
    private final PrintStream out;

    /** @param out where each mark is printed as it happens, or null to keep them silent */
    public BootTimeline(PrintStream out) {
        this.out = out;
        this.originNanos = System.nanoTime();
        long processStart = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
        this.originOffsetMillis = Math.max(0, System.currentTimeMillis() - processStart);
    }

    /** Milliseconds since the process started. */
    public long now() {
        return originOffsetMillis + (System.nanoTime() - originNanos) / 1_000_000;
    }

    public synchronized void mark(String what) {
        String line = String.format("jhyve: %6d ms  %s", now(), what);
        marks.add(line);
        if (out != null) out.println(line);
    }

    public synchronized List<String> marks() { return List.copyOf(marks); }
}

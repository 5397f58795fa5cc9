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
    private final List<String> summary = new ArrayList<>();
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
        String name = summaryName(what);
        if (name != null) summary.add(name + " " + now() + " ms");
    }

    /** The milestones the closing summary shows, under short names; null for the others. */
    private static String summaryName(String what) {
        if (what.startsWith("VM created")) return "VM built";
        if (what.equals("guest entered")) return "kernel entered";
        if (what.equals("first serial byte") || what.equals("first line") || what.equals("userspace started")
                || what.equals("end")) {
            return what;
        }
        return null;
    }

    /** One line for stderr after every run: each milestone reached, in ms since process start. */
    public synchronized String summary() {
        return "jhyve: timeline: " + (summary.isEmpty() ? "(no milestones)" : String.join(", ", summary));
    }

    public synchronized List<String> marks() { return List.copyOf(marks); }
}

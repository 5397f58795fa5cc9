package io.jhyve.testkit;

import io.jhyve.devices.legacy.TimerQueue;
import java.util.ArrayList;
import java.util.List;

/** A hand-driven clock and {@link TimerQueue} for device tests: {@link #advance} runs what falls due, in order. */
public final class ManualTimers implements TimerQueue {
    private long now = 1_000_000_000L;
    private final List<long[]> deadlines = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();

    /** The clock, in nanoseconds. */
    public long now() { return now; }

    @Override
    public Runnable schedule(long deadlineNanos, Runnable task) {
        deadlines.add(new long[] {deadlineNanos});
        tasks.add(task);
        int i = tasks.size() - 1;
        return () -> deadlines.get(i)[0] = Long.MAX_VALUE;
    }

    /** Moves the clock on by {@code nanos}, running each task at its deadline. */
    public void advance(long nanos) {
        long until = now + nanos;
        while (true) {
            int due = -1;
            for (int i = 0; i < tasks.size(); i++) {
                if (deadlines.get(i)[0] <= until && (due < 0 || deadlines.get(i)[0] < deadlines.get(due)[0])) due = i;
            }
            if (due < 0) break;
            now = deadlines.get(due)[0];
            deadlines.get(due)[0] = Long.MAX_VALUE;
            tasks.get(due).run();
        }
        now = until;
    }
}

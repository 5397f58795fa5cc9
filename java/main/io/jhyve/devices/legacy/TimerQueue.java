package io.jhyve.devices.legacy;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs device timer callbacks at host times: on one daemon thread in a machine, by hand in tests.
 * Deadlines are in the units of the device's clock ({@link System#nanoTime()} in a machine).
 */
public interface TimerQueue {
    /** Runs {@code task} at {@code deadlineNanos}; the returned handle cancels it. */
    Runnable schedule(long deadlineNanos, Runnable task);

    /** A queue on one daemon thread, measured against {@link System#nanoTime()}. */
    static TimerQueue threaded(String name) {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return (deadline, task) -> {
            var f = ex.schedule(task, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}

package io.jhyve.devices.apic;

import io.jhyve.devices.legacy.TimerQueue;
import java.util.function.LongSupplier;

/**
 * The local APIC timer (SDM Vol. 3 §11.5.4): a counter loaded from the initial-count register that
 * counts down at the bus clock divided by the divide-configuration register, once (one-shot) or
 * reloading (periodic). jhyve's bus clock is 1 GHz, one count per nanosecond before the divider, as
 * KVM's; the guest calibrates it against the PIT anyway. The current count is computed from the host
 * clock when read; expiries are scheduled on a {@link TimerQueue}. Guarded by its APIC's lock.
 */
final class ApicTimer {
    static final int MODE_ONE_SHOT = 0, MODE_PERIODIC = 1;
    /** Shortest periodic interval: a guest asking for less would keep a host thread busy (KVM has a like bound). */
    static final long MIN_PERIOD_NANOS = 100_000;

    private final LongSupplier clock;
    private final TimerQueue timers;
    private final Runnable expired;
    private long initialCount;
    private int divideConfig;
    private long start;
    private long deadline;
    private Runnable cancel = () -> { };

    /** @param expired runs (on the timer thread, without the APIC's lock) at each expiry */
    ApicTimer(LongSupplier clock, TimerQueue timers, Runnable expired) {
        this.clock = clock;
        this.timers = timers;
        this.expired = expired;
    }

    /** Divide configuration bits 3, 1:0 (Figure 11-10): 000 = 2, 001 = 4, ... 110 = 128, 111 = 1. */
    static int divisor(int config) {
        int code = (config & 3) | (config >> 1 & 4);
        return code == 7 ? 1 : 2 << code;
    }

    int divideConfig() { return divideConfig; }

    void setDivideConfig(int value) { divideConfig = value & 0xb; }

    long initialCount() { return initialCount; }

    /** Writing the initial count (re)starts the count; 0 stops the timer. */
    void start(long count, int mode) {
        cancel.run();
        initialCount = count & 0xffff_ffffL;
        start = clock.getAsLong();
        if (initialCount != 0) arm(start + period(mode));
    }

    void stop() {
        cancel.run();
        initialCount = 0;
    }

    private long period(int mode) {
        long p = initialCount * divisor(divideConfig);
        return mode == MODE_PERIODIC ? Math.max(p, MIN_PERIOD_NANOS) : p;
    }

    private void arm(long at) {
        deadline = at;
        cancel = timers.schedule(at, expired);
    }

    long currentCount(int mode) {
        if (initialCount == 0) return 0;
        long elapsed = (clock.getAsLong() - start) / divisor(divideConfig);
        if (mode == MODE_PERIODIC) return initialCount - elapsed % initialCount;
        return Math.max(0, initialCount - elapsed);
    }

    /**
     * At a scheduled expiry: false when the timer was stopped or restarted meanwhile (a cancelled
     * task can still run); else true, with the next expiry armed for a periodic timer.
     */
    boolean expire(int mode) {
        if (initialCount == 0 || clock.getAsLong() < deadline) return false;
        if (mode == MODE_PERIODIC) {
            start = deadline;
            arm(deadline + period(mode));
        }
        return true;
    }
}

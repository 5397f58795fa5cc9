package io.jhyve.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The silence detector on a hand-driven clock. */
class SilenceDetectorTest {
    private static final long S = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(100 * S);

    @Test
    void expiresOnlyAfterTheTimeoutWithoutActivity() {
        SilenceDetector d = new SilenceDetector(5 * S, now::get);
        now.addAndGet(4 * S);
        assertFalse(d.expired());
        d.activity();
        now.addAndGet(4 * S);
        assertFalse(d.expired(), "activity restarted the count");
        assertEquals(4 * S, d.silentNanos());
        now.addAndGet(S);
        assertTrue(d.expired());
    }

    @Test
    void aZeroTimeoutNeverExpiresButStillMeasures() {
        SilenceDetector d = new SilenceDetector(0, now::get);
        now.addAndGet(3600 * S);
        assertFalse(d.enabled());
        assertFalse(d.expired());
        assertEquals(3600 * S, d.silentNanos());
    }

    @Test
    void aClockGoingBackwardsIsNotNegativeSilence() {
        SilenceDetector d = new SilenceDetector(S, now::get);
        now.addAndGet(-10 * S);
        assertEquals(0, d.silentNanos());
        assertFalse(d.expired());
    }
}

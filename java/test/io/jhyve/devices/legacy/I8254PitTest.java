package io.jhyve.devices.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.devices.BusDevice;
import io.jhyve.testkit.ManualTimers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class I8254PitTest {
    private final ManualTimers timers = new ManualTimers();
    private final RecordingIrqLine irq0 = new RecordingIrqLine();
    private final I8254Pit pit = new I8254Pit(irq0, timers::now, timers);
    private final BusDevice ports = pit.ports(), portB = pit.portB();

    private void advance(long nanos) {
        timers.advance(nanos);
    }

    private int edges() {
        int n = 0;
        for (int i = 1; i < irq0.levels.size(); i++) if (irq0.levels.get(i) && !irq0.levels.get(i - 1)) n++;
        return n + (irq0.levels.isEmpty() || !irq0.levels.get(0) ? 0 : 1);
    }

    @Test
    void channel0RateGeneratorTicksAtHz() {
        // Linux's periodic PIT setup: channel 0, LSB then MSB, mode 2, count LATCH = 1193182 / 100.
        ports.write(3, 1, 0x34);
        ports.write(0, 1, 11932 & 0xff);
        ports.write(0, 1, 11932 >> 8);
        advance(1_000_000_000L);
        assertEquals(99, edges());  // 11932 clocks are 10.000167 ms: the 100th tick is 16.7 us late
        advance(20_000L);
        assertEquals(100, edges());
    }

    @Test
    void withReinjectionASlowGuestGetsEveryTickOneAfterEachAcknowledge() {
        pit.reinjectTicks(() -> false);
        ports.write(3, 1, 0x34);
        ports.write(0, 1, 11932 & 0xff);
        ports.write(0, 1, 11932 >> 8);
        advance(55_000_000L); // five periods, none taken yet
        assertEquals(1, edges(), "one tick waits for the processor to take it");
        for (int i = 0; i < 4; i++) pit.irq0Acknowledged();
        assertEquals(5, edges(), "each acknowledge releases one owed tick");
        pit.irq0Acknowledged();
        assertEquals(5, edges(), "nothing more is owed");
        advance(10_000_000L);
        assertEquals(6, edges());
    }

    @Test
    void whileIrq0IsMaskedTicksAreSentAsTheyFallDueWithoutBacklog() {
        boolean[] masked = {true};
        pit.reinjectTicks(() -> masked[0]);
        ports.write(3, 1, 0x34);
        ports.write(0, 1, 11932 & 0xff);
        ports.write(0, 1, 11932 >> 8);
        advance(55_000_000L);
        assertEquals(5, edges(), "no acknowledge is awaited from a masked IRQ 0");
        masked[0] = false;
        pit.irq0Acknowledged();
        assertEquals(5, edges(), "the masked ticks are not replayed");
        advance(10_000_000L);
        assertEquals(6, edges());
    }

    @Test
    void oneShotMode0FiresOnce() {
        ports.write(3, 1, 0x30);
        ports.write(0, 1, 0x9c);
        ports.write(0, 1, 0x2e); // 11932 clocks = 10 ms
        advance(9_000_000L);
        assertEquals(0, edges());
        advance(2_000_000L);
        assertEquals(1, edges());
        advance(100_000_000L);
        assertEquals(1, edges());
    }

    @Test
    void reprogrammingStopsTheChannel() {
        ports.write(3, 1, 0x34);
        ports.write(0, 1, 0x9c);
        ports.write(0, 1, 0x2e);
        ports.write(3, 1, 0x30); // new control word, no count yet: stopped
        advance(1_000_000_000L);
        assertEquals(0, edges());
    }

    @Test
    void counterLatchFreezesTheReadValue() {
        ports.write(3, 1, 0x34);
        ports.write(0, 1, 0x00);
        ports.write(0, 1, 0x10); // 0x1000
        advance(I8254Pit.nanos(0x100) + 1);
        ports.write(3, 1, 0x00); // latch channel 0
        advance(I8254Pit.nanos(0x50));
        int lsb = (int) ports.read(0, 1), msb = (int) ports.read(0, 1);
        assertEquals(0x1000 - 0x100, lsb | msb << 8);
        int live = (int) ports.read(0, 1) | (int) ports.read(0, 1) << 8; // unlatched: the clock moved on
        assertEquals(0x1000 - 0x150, live);
    }

    @Test
    void tscCalibrationThroughPortB() {
        // pit_calibrate_tsc(): gate 2 off, channel 2 mode 0 with a 50 ms count, gate on, poll OUT2.
        portB.write(0, 1, (portB.read(0, 1) & ~0x02) | 0x01);
        portB.write(0, 1, 0x00);
        ports.write(3, 1, 0xb0);
        int latch = (int) (I8254Pit.PIT_FREQUENCY_HZ / 20);
        ports.write(2, 1, latch & 0xff);
        ports.write(2, 1, latch >> 8);
        advance(100_000_000L);
        assertEquals(0, portB.read(0, 1) & 0x20); // gate still low: not counting
        portB.write(0, 1, 0x01);
        advance(49_000_000L);
        assertEquals(0, portB.read(0, 1) & 0x20);
        advance(2_000_000L);
        assertEquals(0x20, portB.read(0, 1) & 0x20); // OUT2 high at terminal count
        assertEquals(0x01, portB.read(0, 1) & 0x03);
    }

    @Test
    void readBackStatusAndCount() {
        ports.write(3, 1, 0xb6); // channel 2, both bytes, mode 3
        ports.write(3, 1, 0xe8); // read-back status only (COUNT bit 5 set = no count latch), channel 2
        assertEquals(0x40 | 3 << 4 | 3 << 1 | 0x80, ports.read(2, 1)); // OUT high, null count, RW 3, mode 3
        ports.write(2, 1, 0x00);
        ports.write(2, 1, 0x01);  // 0x100, gate 2 still low
        ports.write(3, 1, 0xd8);  // read-back count only, channel 2
        assertEquals(0x00, ports.read(2, 1));
        assertEquals(0x01, ports.read(2, 1));
    }

    @Test
    void squareWaveCountsDownByTwo() {
        ports.write(3, 1, 0x36);
        ports.write(0, 1, 0x00);
        ports.write(0, 1, 0x01); // 0x100
        advance(I8254Pit.nanos(0x10) + 1);
        int c = (int) ports.read(0, 1) | (int) ports.read(0, 1) << 8;
        assertEquals(0x100 - 0x20, c);
        assertTrue(I8254Pit.ticks(3_600_000_000_000L) > 0); // an hour of clocks does not overflow
    }
}

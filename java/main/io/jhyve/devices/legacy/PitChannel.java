package io.jhyve.devices.legacy;

/**
 * One 8254 counter (82C54 datasheet): its programming, latches and the count and OUT computed from
 * the time counting started. Not thread-safe: {@link I8254Pit} serialises access.
 */
final class PitChannel {
    private final boolean gateTiedHigh;
    private int rw = I8254Pit.RW_BOTH, mode;
    private long reload = 0x10000;
    private long start;
    private boolean counting, gate;
    private boolean writeMsbNext, readMsbNext;
    private int writeLsb;
    private int latched = -1, latchedBytesLeft, status = -1;

    PitChannel(boolean gateTiedHigh) {
        this.gateTiedHigh = gateTiedHigh;
        this.gate = gateTiedHigh;
    }

    long reload() { return reload; }

    long startNanos() { return start; }

    boolean counting() { return counting; }

    /** Modes 2 and 3 (and their aliases 6, 7) reload by themselves. */
    boolean periodic() { return mode == 2 || mode == 3; }

    void program(int rw, int mode) {
        this.rw = rw;
        this.mode = mode >= 6 ? mode - 4 : mode;
        counting = false;
        writeMsbNext = readMsbNext = false;
        latched = -1;
    }

    /** A data write; true when it completed a count and counting (re)started. */
    boolean write(int v, long now) {
        int value;
        switch (rw) {
            case I8254Pit.RW_LSB -> value = v;
            case I8254Pit.RW_MSB -> value = v << 8;
            default -> {
                if (!writeMsbNext) {
                    writeLsb = v;
                    writeMsbNext = true;
                    return false;
                }
                writeMsbNext = false;
                value = writeLsb | v << 8;
            }
        }
        reload = value == 0 ? 0x10000 : value; // a count of 0 means 65536 (datasheet)
        start = now;
        counting = gate;
        return counting;
    }

    void setGate(boolean high, long now) {
        if (gateTiedHigh) return;
        if (high && !gate) {
            start = now; // rising gate (re)starts the count in every mode this model runs
            counting = true;
        } else if (!high && gate) {
            counting = false;
        }
        gate = high;
    }

    private long elapsed(long now) { return counting ? I8254Pit.ticks(now - start) : 0; }

    int count(long now) {
        long t = elapsed(now);
        long c = switch (mode) {
            case 2 -> reload - t % reload;
            case 3 -> reload - (2 * t) % reload;
            default -> reload - t;
        };
        return (int) (c & 0xffff);
    }

    boolean out(long now) {
        if (!counting) return mode != 0 && mode != 1 && mode != 4 && mode != 5; // mode 0 starts low
        long t = elapsed(now);
        return switch (mode) {
            case 2 -> t % reload != reload - 1; // low for the one clock before reload
            case 3 -> t % reload < (reload + 1) / 2;
            default -> t >= reload;             // mode 0: high at terminal count
        };
    }

    void latchCount(long now) {
        if (latched >= 0) return; // a second latch before the read is ignored (datasheet)
        latched = count(now);
        latchedBytesLeft = rw == I8254Pit.RW_BOTH ? 2 : 1;
    }

    void latchStatus(long now) {
        if (status >= 0) return;
        // Read-back status: OUT bit 7, null count bit 6, RW 5:4, mode 3:1, BCD 0 (binary here).
        status = (out(now) ? 0x80 : 0) | (counting ? 0 : 0x40) | rw << 4 | mode << 1;
    }

    int read(long now) {
        if (status >= 0) {
            int s = status;
            status = -1;
            return s;
        }
        int value = latched >= 0 ? latched : count(now);
        int b;
        switch (rw) {
            case I8254Pit.RW_LSB -> b = value & 0xff;
            case I8254Pit.RW_MSB -> b = value >>> 8;
            default -> {
                b = readMsbNext ? value >>> 8 : value & 0xff;
                readMsbNext = !readMsbNext;
            }
        }
        if (latched >= 0 && --latchedBytesLeft <= 0) latched = -1;
        return b & 0xff;
    }
}

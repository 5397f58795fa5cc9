package io.jhyve.devices.legacy;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.BusDevice;
import io.jhyve.devices.MachineControl;

/**
 * A debug-exit port: a guest write of value {@code v} at its base ends the run with exit status
 * {@code v & 0xff}. The test guests report their verdict through it. Unlike QEMU's isa-debug-exit,
 * which exits with {@code (v << 1) | 1}, the status is the value itself, so a guest writing 0 means
 * success. It answers 1-, 2- and 4-byte writes ({@link #range()} spans four ports); writes to the
 * upper three ports alone, and all reads, do nothing (reads return 0).
 */
public final class DebugExit implements BusDevice {
    /** The conventional port (QEMU's isa-debug-exit default). */
    public static final int DEBUG_EXIT_PORT = 0xf4;
    /** Ports spanned, so that outl to the base reaches the device. */
    public static final int DEBUG_EXIT_WIDTH = 4;

    private final int port;
    private final MachineControl machine;

    public DebugExit(int port, MachineControl machine) {
        this.port = port;
        this.machine = machine;
    }

    /** Where to attach it. */
    public AddressRange range() { return new AddressRange(port, DEBUG_EXIT_WIDTH); }

    @Override
    public String name() { return String.format("debug-exit@0x%x", port); }

    @Override
    public long read(long offset, int size) { return 0; }

    @Override
    public void write(long offset, int size, long value) {
        if (offset != 0) return;
        long v = size >= 8 ? value : value & ((1L << (size * 8)) - 1);
        machine.requestPowerOff(String.format("guest wrote %d to debug-exit port 0x%x", v, port), (int) (v & 0xff));
    }
}

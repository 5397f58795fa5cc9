package io.jhyve.devices.legacy;

import io.jhyve.devices.BusDevice;

/**
 * A device with an 8-bit data path, as every ISA-era PC peripheral has. A 16- or 32-bit port access
 * to it is split into consecutive byte cycles, lowest address first, which is what the ISA bus
 * controller does when a wide access targets an 8-bit device; registers with read side effects
 * (a UART's receive buffer) therefore see one read per byte, as on real hardware.
 *
 * <p>Implementations supply {@link #readByte} and {@link #writeByte}; the byte offset is relative to
 * the attached range and the {@link io.jhyve.devices.Bus} guarantees it lies inside it.
 */
interface ByteWideDevice extends BusDevice {
    /** The byte the register at {@code offset} yields, 0..255. */
    int readByte(int offset);

    /** Stores {@code value} (0..255) into the register at {@code offset}. */
    void writeByte(int offset, int value);

    @Override
    default long read(long offset, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (long) (readByte((int) offset + i) & 0xff) << (8 * i);
        }
        return value;
    }

    @Override
    default void write(long offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            writeByte((int) offset + i, (int) (value >>> (8 * i)) & 0xff);
        }
    }
}

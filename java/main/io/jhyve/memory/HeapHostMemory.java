package io.jhyve.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Guest RAM on the Java heap, for tests of loaders and devices that need no hypervisor. */
public final class HeapHostMemory implements HostMemory {
    private final ByteBuffer buffer;

    public HeapHostMemory(int size) {
        this.buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override public long size() { return buffer.capacity(); }
    @Override public byte getByte(long o) { return buffer.get((int) o); }
    @Override public void putByte(long o, byte v) { buffer.put((int) o, v); }
    @Override public short getShort(long o) { return buffer.getShort((int) o); }
    @Override public void putShort(long o, short v) { buffer.putShort((int) o, v); }
    @Override public int getInt(long o) { return buffer.getInt((int) o); }
    @Override public void putInt(long o, int v) { buffer.putInt((int) o, v); }
    @Override public long getLong(long o) { return buffer.getLong((int) o); }
    @Override public void putLong(long o, long v) { buffer.putLong((int) o, v); }

    @Override
    public void get(long o, byte[] dst, int dstOffset, int length) {
        buffer.get((int) o, dst, dstOffset, length);
    }

    @Override
    public void put(long o, byte[] src, int srcOffset, int length) {
        buffer.put((int) o, src, srcOffset, length);
    }

    @Override
    public void fill(long o, long length, byte value) {
        for (int i = 0; i < length; i++) buffer.put((int) o + i, value);
    }

    @Override public java.nio.ByteBuffer view(long o, int length) { return buffer.slice((int) o, length); }

    @Override public long hostAddress() { throw new UnsupportedOperationException("heap memory has no host address"); }
    @Override public void close() { }
}

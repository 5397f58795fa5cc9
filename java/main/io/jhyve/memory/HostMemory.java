package io.jhyve.memory;

/**
 * The host memory behind one guest RAM region. Offsets are relative to the region and have already
 * been bounds-checked by {@link GuestMemory}; implementations do not check again.
 * All multi-byte accesses are little-endian (x86).
 */
public sealed interface HostMemory extends AutoCloseable permits NativeHostMemory, HeapHostMemory {
    long size();

    byte getByte(long offset);

    void putByte(long offset, byte value);

    short getShort(long offset);

    void putShort(long offset, short value);

    int getInt(long offset);

    void putInt(long offset, int value);

    long getLong(long offset);

    void putLong(long offset, long value);

    void get(long offset, byte[] dst, int dstOffset, int length);

    void put(long offset, byte[] src, int srcOffset, int length);

    void fill(long offset, long length, byte value);

    /**
     * The bytes {@code [offset, offset+length)} as a buffer that shares this memory (no copy), for
     * I/O straight into or out of guest RAM; valid only until {@link #close()}.
     */
    java.nio.ByteBuffer view(long offset, int length);

    /** The host virtual address of offset 0, for a hypervisor to map; heap memory has none. */
    long hostAddress();

    @Override
    void close();
}

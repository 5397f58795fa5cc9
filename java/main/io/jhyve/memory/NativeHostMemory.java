package io.jhyve.memory;

import com.sun.jna.Pointer;
import io.jhyve.sys.LibC;
import io.jhyve.sys.Errno;

/**
 * Guest RAM in an anonymous private host mapping. The mapping is made with MAP_NORESERVE, so
 * untouched guest pages cost the host nothing. {@link #allocate} is Linux only (its mmap flags
 * are Linux's); on macOS the HVF shim allocates RAM and hands it over with {@link #adopt}.
 */
public final class NativeHostMemory implements HostMemory {
    private final long address;
    private final long size;
    private final Pointer base;
    private final Releaser releaser;
    private boolean closed;

    /** Gives host memory back when guest RAM is closed. */
    @FunctionalInterface
    public interface Releaser {
        void release(long address, long size);
    }

    private NativeHostMemory(long address, long size, Releaser releaser) {
        this.address = address;
        this.size = size;
        this.base = new Pointer(address);
        this.releaser = releaser;
    }

    /** Takes over {@code size} bytes of zeroed host memory at {@code address}, mapped by someone else. */
    public static NativeHostMemory adopt(long address, long size, Releaser releaser) {
        return new NativeHostMemory(address, size, releaser);
    }

    /** Maps {@code size} bytes of zeroed anonymous memory. */
    public static NativeHostMemory allocate(long size) {
        long addr = LibC.mmap(0, size, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, 0);
        if (addr == -1L) {
            int errno = com.sun.jna.Native.getLastError();
            throw new IllegalStateException(String.format("mmap of %d MiB of guest RAM failed: %s",
                    size >> 20, Errno.describe(errno)));
        }
        return new NativeHostMemory(addr, size, LibC::munmap);
    }

    @Override public long size() { return size; }
    @Override public byte getByte(long o) { return base.getByte(o); }
    @Override public void putByte(long o, byte v) { base.setByte(o, v); }
    @Override public short getShort(long o) { return base.getShort(o); }
    @Override public void putShort(long o, short v) { base.setShort(o, v); }
    @Override public int getInt(long o) { return base.getInt(o); }
    @Override public void putInt(long o, int v) { base.setInt(o, v); }
    @Override public long getLong(long o) { return base.getLong(o); }
    @Override public void putLong(long o, long v) { base.setLong(o, v); }
    @Override public void get(long o, byte[] dst, int off, int len) { base.read(o, dst, off, len); }
    @Override public void put(long o, byte[] src, int off, int len) { base.write(o, src, off, len); }
    @Override public void fill(long o, long len, byte v) { base.setMemory(o, len, v); }
    /** A direct buffer over the mapping: FileChannel and socket I/O on it read and write guest RAM in place. */
    @Override public java.nio.ByteBuffer view(long o, int length) { return base.getByteBuffer(o, length); }

    @Override public long hostAddress() { return address; }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            releaser.release(address, size);
        }
    }
}

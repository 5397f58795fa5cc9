package io.jhyve.memory;

import com.sun.jna.Pointer;
import io.jhyve.sys.Errno;
import io.jhyve.sys.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Guest RAM in an anonymous private host mapping. The mapping is made with MAP_NORESERVE, so
 * untouched guest pages cost the host nothing. {@link #allocate} is Linux only (its mmap flags
 * are Linux's); on macOS the HVF shim allocates RAM and hands it over with {@link #adopt}.
 *
 * <p>Accesses go through direct {@link ByteBuffer}s over the mapping, one per 1 GiB chunk (a
 * buffer's index is an int): the JIT turns them into plain loads and stores, where JNA's
 * {@code Pointer.getInt} is a native call per access. An access that straddles two chunks is
 * done byte by byte.
 */
public final class NativeHostMemory implements HostMemory {
    private final long address;
    private final long size;
    private static final int CHUNK_SHIFT = 30;
    private static final long CHUNK_SIZE = 1L << CHUNK_SHIFT;
    private static final long CHUNK_MASK = CHUNK_SIZE - 1;

    private final Pointer base;
    private final ByteBuffer[] chunks;
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
        this.chunks = new ByteBuffer[(int) ((size + CHUNK_MASK) >>> CHUNK_SHIFT)];
        for (int i = 0; i < chunks.length; i++) {
            long at = (long) i << CHUNK_SHIFT;
            chunks[i] = base.getByteBuffer(at, Math.min(CHUNK_SIZE, size - at)).order(ByteOrder.LITTLE_ENDIAN);
        }
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
        // Guest RAM is the guest's data: a jhyve crash dump should not carry it (nor be its size).
        // Its own VMA flags also keep the kernel from merging a neighbouring malloc arena into it,
        // so /proc/PID/smaps shows guest RAM as exactly one mapping (scripts/bench, case memory).
        LibC.madvise(addr, size, LibC.MADV_DONTDUMP);
        return new NativeHostMemory(addr, size, LibC::munmap);
    }

    @Override public long size() { return size; }
    private ByteBuffer chunk(long o) { return chunks[(int) (o >>> CHUNK_SHIFT)]; }

    private static int at(long o) { return (int) (o & CHUNK_MASK); }

    /** True when {@code [o, o + len)} lies in one chunk, the case the fast paths handle. */
    private static boolean oneChunk(long o, long len) { return (o & CHUNK_MASK) + len <= CHUNK_SIZE; }

    private long getBytes(long o, int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) v = (v << 8) | (getByte(o + i) & 0xffL);
        return v;
    }

    private void putBytes(long o, int len, long v) {
        for (int i = 0; i < len; i++) putByte(o + i, (byte) (v >>> (8 * i)));
    }

    @Override public byte getByte(long o) { return chunk(o).get(at(o)); }
    @Override public void putByte(long o, byte v) { chunk(o).put(at(o), v); }
    @Override public short getShort(long o) { return oneChunk(o, 2) ? chunk(o).getShort(at(o)) : (short) getBytes(o, 2); }
    @Override public int getInt(long o) { return oneChunk(o, 4) ? chunk(o).getInt(at(o)) : (int) getBytes(o, 4); }
    @Override public long getLong(long o) { return oneChunk(o, 8) ? chunk(o).getLong(at(o)) : getBytes(o, 8); }

    @Override
    public void putShort(long o, short v) {
        if (oneChunk(o, 2)) chunk(o).putShort(at(o), v);
        else putBytes(o, 2, v);
    }

    @Override
    public void putInt(long o, int v) {
        if (oneChunk(o, 4)) chunk(o).putInt(at(o), v);
        else putBytes(o, 4, v);
    }

    @Override
    public void putLong(long o, long v) {
        if (oneChunk(o, 8)) chunk(o).putLong(at(o), v);
        else putBytes(o, 8, v);
    }

    @Override
    public void get(long o, byte[] dst, int off, int len) {
        while (len > 0) {
            int n = (int) Math.min(len, CHUNK_SIZE - at(o));
            chunk(o).get(at(o), dst, off, n);
            o += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void put(long o, byte[] src, int off, int len) {
        while (len > 0) {
            int n = (int) Math.min(len, CHUNK_SIZE - at(o));
            chunk(o).put(at(o), src, off, n);
            o += n;
            off += n;
            len -= n;
        }
    }

    /** One native memset: filling is for large loader ranges, where a call per byte would not do. */
    @Override public void fill(long o, long len, byte v) { base.setMemory(o, len, v); }
    /**
     * A direct buffer over the mapping: FileChannel and socket I/O on it read and write guest RAM in
     * place. Within a chunk it is a slice of the chunk's buffer (no native call: a 1 MiB disk request
     * in 4 KiB pages makes 256 of them).
     */
    @Override
    public ByteBuffer view(long o, int length) {
        return oneChunk(o, length) ? chunk(o).slice(at(o), length) : base.getByteBuffer(o, length);
    }

    @Override public long hostAddress() { return address; }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            releaser.release(address, size);
        }
    }
}

package io.jhyve.devices.virtio;

import io.jhyve.memory.GuestMemory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated descriptor chain popped from the avail ring (virtio-v1.2 §2.7.5): the device-readable
 * buffers first, then the device-writable ones, each inside guest RAM. {@code head} is the id to
 * return in the used ring. Reading and writing go through {@link GuestMemory}, bounded by the
 * buffers, so a device cannot overrun what the driver offered.
 */
public record DescriptorChain(int head, List<Descriptor> readable, List<Descriptor> writable) {
    public DescriptorChain {
        readable = List.copyOf(readable);
        writable = List.copyOf(writable);
    }

    public long readableBytes() { return total(readable); }

    public long writableBytes() { return total(writable); }

    private static long total(List<Descriptor> ds) {
        long sum = 0;
        for (Descriptor d : ds) sum += d.len();
        return sum;
    }

    /** Copies {@code len} readable bytes starting {@code offset} bytes into the chain; false if it is shorter. */
    public boolean read(GuestMemory memory, long offset, byte[] dst, int dstOff, int len) {
        return copy(memory, readable, offset, dst, dstOff, len, false);
    }

    /** Writes {@code len} bytes at {@code offset} into the writable buffers; false if they are shorter. */
    public boolean write(GuestMemory memory, long offset, byte[] src, int srcOff, int len) {
        return copy(memory, writable, offset, src, srcOff, len, true);
    }

    /**
     * The readable bytes {@code [offset, offset+len)} of the chain as views of guest RAM
     * ({@link GuestMemory#view}), each at most {@code maxView} bytes, for I/O in place; empty when the
     * chain is shorter.
     */
    public List<ByteBuffer> readableViews(GuestMemory memory, long offset, long len, int maxView) {
        return views(memory, readable, offset, len, maxView);
    }

    /** The writable bytes {@code [offset, offset+len)} as views of guest RAM, like {@link #readableViews}. */
    public List<ByteBuffer> writableViews(GuestMemory memory, long offset, long len, int maxView) {
        return views(memory, writable, offset, len, maxView);
    }

    private static List<ByteBuffer> views(GuestMemory memory, List<Descriptor> ds, long offset, long len, int maxView) {
        if (offset < 0 || len < 0 || maxView < 1 || total(ds) - offset < len) return List.of();
        List<ByteBuffer> views = new ArrayList<>();
        long skip = offset;
        long done = 0;
        for (Descriptor d : ds) {
            if (done == len) break;
            if (skip >= d.len()) {
                skip -= d.len();
                continue;
            }
            long end = Math.min(d.len(), skip + len - done);
            for (long at = skip; at < end; ) {
                int n = (int) Math.min(maxView, end - at);
                views.add(memory.view(d.addr() + at, n));
                at += n;
                done += n;
            }
            skip = 0;
        }
        return views;
    }

    private static boolean copy(GuestMemory memory, List<Descriptor> ds, long offset, byte[] buf, int off, int len,
            boolean toGuest) {
        if (offset < 0 || len < 0 || total(ds) - offset < len) return false;
        for (ByteBuffer view : views(memory, ds, offset, len, Integer.MAX_VALUE)) {
            int n = view.remaining();
            if (toGuest) view.put(buf, off, n);
            else view.get(buf, off, n);
            off += n;
        }
        return true;
    }
}

package io.jhyve.devices.virtio;

import io.jhyve.config.DiskConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * virtio-blk (virtio-v1.2 §5.2) over a raw {@link BlockImage}: one request queue, requests served
 * in order on the device's own worker thread so a slow disk never stalls a vCPU.
 *
 * <p>Offered: VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_FLUSH (VIRTIO_BLK_T_FLUSH is fdatasync),
 * VIRTIO_BLK_F_RO for a read-only image, whose writes fail with VIRTIO_BLK_S_IOERR, and, for a
 * read-write image on a filesystem that can punch holes (Linux fallocate), VIRTIO_BLK_F_DISCARD and
 * VIRTIO_BLK_F_WRITE_ZEROES: both deallocate the range, which then reads as zeros (§5.2.6.2 allows
 * that for a discard). Not offered: CONFIG_WCE, MQ, TOPOLOGY.
 * Capacity is the image size in 512-byte sectors, rounded down.
 *
 * <p>A request (§5.2.6): a 16-byte device-readable header {type, reserved, sector}, the data, and
 * a one-byte device-writable status at the very end. A chain too short to hold header and status
 * is malformed and puts the device into DEVICE_NEEDS_RESET; a request that is well-formed but
 * wrong (past the end, not a multiple of 512 bytes) fails with VIRTIO_BLK_S_IOERR.
 */
public final class VirtioBlock implements VirtioDevice, AutoCloseable {
    public static final int VIRTIO_BLK_F_SEG_MAX = 2;
    public static final int VIRTIO_BLK_F_RO = 5;
    public static final int VIRTIO_BLK_F_FLUSH = 9;
    public static final int VIRTIO_BLK_F_DISCARD = 13;
    public static final int VIRTIO_BLK_F_WRITE_ZEROES = 14;

    public static final int VIRTIO_BLK_T_IN = 0;
    public static final int VIRTIO_BLK_T_OUT = 1;
    public static final int VIRTIO_BLK_T_FLUSH = 4;
    public static final int VIRTIO_BLK_T_GET_ID = 8;
    public static final int VIRTIO_BLK_T_DISCARD = 11;
    public static final int VIRTIO_BLK_T_WRITE_ZEROES = 13;
    /** Bit 0 of a discard / write-zeroes segment's flags (§5.2.6). */
    public static final int VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP = 1;

    public static final int VIRTIO_BLK_S_OK = 0;
    public static final int VIRTIO_BLK_S_IOERR = 1;
    public static final int VIRTIO_BLK_S_UNSUPP = 2;

    public static final int SECTOR_SIZE = 512;
    public static final int QUEUE_SIZE = 256;
    static final int HEADER_SIZE = 16;
    /** A discard / write-zeroes segment: le64 sector, le32 num_sectors, le32 flags. */
    static final int SEGMENT_SIZE = 16;
    /** Segments per request and sectors per segment we accept (config max_discard_seg and friends). */
    public static final int MAX_SEGMENTS = 32;
    public static final int MAX_SEGMENT_SECTORS = 1 << 22;
    /** Discards aligned to 4 KiB, the granularity of a hole (config discard_sector_alignment). */
    static final int DISCARD_ALIGNMENT_SECTORS = 8;
    /** Data moves between the image and guest RAM in views of at most this many bytes each. */
    static final int CHUNK = 1 << 20;

    private final BlockImage image;
    private final byte[] serial;
    private final byte[] config;
    private final Thread worker;
    private final ReentrantLock serving = new ReentrantLock();
    private volatile VirtioTransport transport;
    private boolean kicked;
    private boolean closed;

    public VirtioBlock(BlockImage image, DiskConfig disk, String workerName) {
        this.image = image;
        this.serial = disk.serial().orElse("").getBytes(StandardCharsets.US_ASCII);
        // §5.2.4: capacity at 0 (le64), size_max at 8, seg_max at 12; two descriptors of a chain
        // carry the header and the status, so seg_max leaves room for them. From 36: the discard
        // and write-zeroes limits (max sectors, max segments, alignment; then for write zeroes max
        // sectors, max segments, may_unmap at 56).
        this.config = new byte[60];
        ConfigSpace.putLE(config, 0, capacitySectors(), 8);
        ConfigSpace.putLE(config, 12, QUEUE_SIZE - 2, 4);
        if (image.canDeallocate()) {
            ConfigSpace.putLE(config, 36, MAX_SEGMENT_SECTORS, 4);
            ConfigSpace.putLE(config, 40, MAX_SEGMENTS, 4);
            ConfigSpace.putLE(config, 44, DISCARD_ALIGNMENT_SECTORS, 4);
            ConfigSpace.putLE(config, 48, MAX_SEGMENT_SECTORS, 4);
            ConfigSpace.putLE(config, 52, MAX_SEGMENTS, 4);
            config[56] = 1;
        }
        this.worker = new Thread(this::serve, workerName);
        worker.setDaemon(true);
        worker.start();
    }

    public long capacitySectors() { return image.size() / SECTOR_SIZE; }

    @Override public String name() { return "virtio-blk"; }

    @Override public int deviceId() { return VIRTIO_ID_BLOCK; }

    @Override
    public long deviceFeatures() {
        long f = VirtioFeatures.bit(VIRTIO_BLK_F_SEG_MAX) | VirtioFeatures.bit(VIRTIO_BLK_F_FLUSH);
        if (image.canDeallocate()) f |= VirtioFeatures.bit(VIRTIO_BLK_F_DISCARD) | VirtioFeatures.bit(VIRTIO_BLK_F_WRITE_ZEROES);
        return image.readOnly() ? f | VirtioFeatures.bit(VIRTIO_BLK_F_RO) : f;
    }

    @Override public int[] queueMaxSizes() { return new int[] {QUEUE_SIZE}; }

    @Override public long readConfig(int offset, int size) { return ConfigSpace.read(config, offset, size); }

    @Override public void activate(VirtioTransport t) { transport = t; }

    @Override
    public synchronized void queueNotify(int queue) {
        kicked = true;
        notifyAll();
    }

    /** The worker: wait for a kick, then serve the queue until it is empty. */
    private void serve() {
        while (true) {
            synchronized (this) {
                while (!kicked && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) return;
                kicked = false;
            }
            serving.lock();
            try {
                VirtioTransport t = transport;
                if (t != null) t.processQueue(0, this::handle);
            } finally {
                serving.unlock();
            }
        }
    }

    /** Waits for the request in flight (the transport has already stopped the queue), then forgets the driver. */
    @Override
    public void reset() {
        serving.lock();
        try {
            transport = null;
        } finally {
            serving.unlock();
        }
    }

    private long handle(DescriptorChain chain) {
        var mem = transport.memory();
        long writable = chain.writableBytes();
        if (chain.readableBytes() < HEADER_SIZE || writable < 1) {
            throw new MalformedQueueException(String.format("virtio-blk request (head %d) has %d readable and %d "
                    + "writable bytes; it needs a %d-byte header and a status byte", chain.head(),
                    chain.readableBytes(), writable, HEADER_SIZE));
        }
        byte[] header = new byte[HEADER_SIZE];
        chain.read(mem, 0, header, 0, HEADER_SIZE);
        ByteBuffer h = ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int type = h.getInt(0);
        long sector = h.getLong(8);
        long dataIn = writable - 1;
        long[] written = {0};
        int status = execute(chain, type, sector, dataIn, written);
        chain.write(mem, writable - 1, new byte[] {(byte) status}, 0, 1);
        return written[0] + 1;
    }

    private int execute(DescriptorChain chain, int type, long sector, long dataIn, long[] written) {
        try {
            return switch (type) {
                case VIRTIO_BLK_T_IN -> readSectors(chain, sector, dataIn, written);
                case VIRTIO_BLK_T_OUT -> writeSectors(chain, sector, chain.readableBytes() - HEADER_SIZE);
                case VIRTIO_BLK_T_FLUSH -> {
                    image.flush();
                    yield VIRTIO_BLK_S_OK;
                }
                case VIRTIO_BLK_T_GET_ID -> {
                    int n = (int) Math.min(dataIn, DiskConfig.SERIAL_MAX);
                    byte[] id = java.util.Arrays.copyOf(serial, n);
                    chain.write(transport.memory(), 0, id, 0, n);
                    written[0] = n;
                    yield VIRTIO_BLK_S_OK;
                }
                case VIRTIO_BLK_T_DISCARD, VIRTIO_BLK_T_WRITE_ZEROES -> zeroSegments(chain, type);
                default -> VIRTIO_BLK_S_UNSUPP;
            };
        } catch (IOException e) {
            return VIRTIO_BLK_S_IOERR;
        }
    }

    /** The byte range of a data request, or -1 when it is not whole sectors inside the disk. */
    private long position(long sector, long len) {
        long capacity = capacitySectors();
        if (len % SECTOR_SIZE != 0 || sector < 0 || sector > capacity || len / SECTOR_SIZE > capacity - sector) return -1;
        return sector * SECTOR_SIZE;
    }

    /*
     * Data moves between the image and guest RAM in place: one scatter read or gather write per
     * request over views of the driver's buffers (one host copy and one system call, as a C VMM's
     * preadv/pwritev), never through a Java array nor a call per guest page.
     */
    private int readSectors(DescriptorChain chain, long sector, long len, long[] written) throws IOException {
        long pos = position(sector, len);
        if (pos < 0) return VIRTIO_BLK_S_IOERR;
        image.read(pos, chain.writableViews(transport.memory(), 0, len, CHUNK).toArray(ByteBuffer[]::new));
        written[0] = len;
        return VIRTIO_BLK_S_OK;
    }

    private int writeSectors(DescriptorChain chain, long sector, long len) throws IOException {
        long pos = position(sector, len);
        if (image.readOnly() || pos < 0) return VIRTIO_BLK_S_IOERR;
        image.write(pos, chain.readableViews(transport.memory(), HEADER_SIZE, len, CHUNK).toArray(ByteBuffer[]::new));
        return VIRTIO_BLK_S_OK;
    }

    /**
     * DISCARD and WRITE_ZEROES (§5.2.6): the data is an array of segments. All are checked before
     * any is applied: a reserved flag, or UNMAP on a discard, is VIRTIO_BLK_S_UNSUPP; a segment
     * outside the disk or over the limits is VIRTIO_BLK_S_IOERR.
     */
    private int zeroSegments(DescriptorChain chain, int type) throws IOException {
        if (!image.canDeallocate()) return VIRTIO_BLK_S_UNSUPP;
        long len = chain.readableBytes() - HEADER_SIZE;
        if (len <= 0 || len % SEGMENT_SIZE != 0 || len / SEGMENT_SIZE > MAX_SEGMENTS) return VIRTIO_BLK_S_IOERR;
        byte[] raw = new byte[(int) len];
        chain.read(transport.memory(), HEADER_SIZE, raw, 0, raw.length);
        ByteBuffer segs = ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[][] ranges = new long[raw.length / SEGMENT_SIZE][];
        for (int i = 0; i < ranges.length; i++) {
            long sector = segs.getLong(i * SEGMENT_SIZE);
            long sectors = segs.getInt(i * SEGMENT_SIZE + 8) & 0xffff_ffffL;
            int flags = segs.getInt(i * SEGMENT_SIZE + 12);
            int allowed = type == VIRTIO_BLK_T_WRITE_ZEROES ? VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP : 0;
            if ((flags & ~allowed) != 0) return VIRTIO_BLK_S_UNSUPP;
            long pos = position(sector, sectors * SECTOR_SIZE);
            if (pos < 0 || sectors > MAX_SEGMENT_SECTORS) return VIRTIO_BLK_S_IOERR;
            ranges[i] = new long[] {pos, sectors * SECTOR_SIZE};
        }
        for (long[] r : ranges) if (r[1] > 0) image.zero(r[0], r[1]);
        return VIRTIO_BLK_S_OK;
    }

    /** Stops the worker and closes the image (releasing its lock). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        serving.lock();
        try {
            image.close();
        } finally {
            serving.unlock();
        }
    }
}

package io.jhyve.devices.virtio;

import static io.jhyve.devices.virtio.VirtioBlock.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jhyve.JhyveException;
import io.jhyve.config.DiskConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtioBlockTest {
    @TempDir Path dir;
    private VirtioBlock blk;
    private TestDriver d;

    private Path image(int sectors) throws Exception {
        byte[] b = new byte[sectors * SECTOR_SIZE];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 7 + i / SECTOR_SIZE);
        Path p = dir.resolve("disk.img");
        Files.write(p, b);
        return p;
    }

    private TestDriver start(Path p, boolean readOnly, String serial) {
        DiskConfig disk = new DiskConfig(p, readOnly, Optional.ofNullable(serial));
        blk = new VirtioBlock(BlockImage.open(disk), disk, "test-blk");
        d = new TestDriver(blk).start();
        return d;
    }

    @AfterEach
    void close() {
        if (blk != null) blk.close();
    }

    private static byte[] header(int type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(0).putLong(sector).array();
    }

    /** Submits a request and waits for it; returns the status byte. */
    private int request(TestDriver.Buf... bufs) {
        int before = d.usedIdx(0);
        d.submit(0, bufs);
        d.awaitUsed(0, before + 1);
        TestDriver.Buf status = bufs[bufs.length - 1];
        return d.mem.readU8(status.addr() + status.len() - 1);
    }

    @Test
    void configSpaceAndFeatures() throws Exception {
        start(image(64), false, null);
        assertEquals(64, blk.readConfig(0, 4) | blk.readConfig(4, 4) << 32, "capacity in sectors");
        assertEquals(QUEUE_SIZE - 2, blk.readConfig(12, 4), "seg_max");
        long f = d.deviceFeatures();
        assertTrue(VirtioFeatures.has(f, VIRTIO_BLK_F_FLUSH));
        assertFalse(VirtioFeatures.has(f, VIRTIO_BLK_F_RO));
    }

    @Test
    void readsSectorsIntoAScatteredBuffer() throws Exception {
        Path p = image(16);
        start(p, false, null);
        TestDriver.Buf a = d.in(512);
        TestDriver.Buf b = d.in(1024);
        TestDriver.Buf status = d.in(1);
        assertEquals(VIRTIO_BLK_S_OK, request(d.out(header(VIRTIO_BLK_T_IN, 3)), a, b, status));
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(Arrays.copyOfRange(file, 3 * 512, 4 * 512), d.mem.read(a.addr(), 512));
        assertArrayEquals(Arrays.copyOfRange(file, 4 * 512, 6 * 512), d.mem.read(b.addr(), 1024));
        assertEquals(1537, d.usedElem(0, 0)[1], "data plus the status byte");
    }

    @Test
    void writesReachTheFileAndFlushSucceeds() throws Exception {
        Path p = image(16);
        start(p, false, null);
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x5a);
        assertEquals(VIRTIO_BLK_S_OK, request(d.out(header(VIRTIO_BLK_T_OUT, 10)), d.out(data), d.in(1)));
        assertEquals(VIRTIO_BLK_S_OK, request(d.out(header(VIRTIO_BLK_T_FLUSH, 0)), d.in(1)));
        assertArrayEquals(data, Arrays.copyOfRange(Files.readAllBytes(p), 10 * 512, 12 * 512));
    }

    private static byte[] segment(long sector, int sectors, int flags) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(sector).putInt(sectors).putInt(flags).array();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A read-write image on a filesystem that can punch holes (the test's temporary directory). */
    private Path deallocatable(int sectors) throws Exception {
        Path p = image(sectors);
        try (BlockImage probe = BlockImage.open(new DiskConfig(p, false, Optional.empty()))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(probe.canDeallocate(),
                    "the temporary directory's filesystem cannot punch holes (fallocate)");
        }
        return p;
    }

    @Test
    void discardAndWriteZeroesAreOfferedWithTheirLimits() throws Exception {
        start(deallocatable(64), false, null);
        long f = d.deviceFeatures();
        assertTrue(VirtioFeatures.has(f, VIRTIO_BLK_F_DISCARD));
        assertTrue(VirtioFeatures.has(f, VIRTIO_BLK_F_WRITE_ZEROES));
        assertEquals(MAX_SEGMENT_SECTORS, blk.readConfig(36, 4), "max_discard_sectors");
        assertEquals(MAX_SEGMENTS, blk.readConfig(40, 4), "max_discard_seg");
        assertEquals(8, blk.readConfig(44, 4), "discard_sector_alignment: 4 KiB");
        assertEquals(MAX_SEGMENTS, blk.readConfig(52, 4), "max_write_zeroes_seg");
        assertEquals(1, blk.readConfig(56, 1), "write_zeroes_may_unmap");
    }

    @Test
    void discardAndWriteZeroesZeroTheirSectorsAndNothingElse() throws Exception {
        Path p = deallocatable(64);
        byte[] before = Files.readAllBytes(p);
        start(p, false, null);
        assertEquals(VIRTIO_BLK_S_OK, request(d.out(header(VIRTIO_BLK_T_DISCARD, 0)),
                d.out(concat(segment(8, 8, 0), segment(40, 3, 0))), d.in(1)));
        assertEquals(VIRTIO_BLK_S_OK, request(d.out(header(VIRTIO_BLK_T_WRITE_ZEROES, 0)),
                d.out(segment(20, 1, VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP)), d.in(1)));
        byte[] after = Files.readAllBytes(p);
        assertEquals(before.length, after.length, "the image keeps its size");
        byte[] expected = before.clone();
        Arrays.fill(expected, 8 * 512, 16 * 512, (byte) 0);
        Arrays.fill(expected, 40 * 512, 43 * 512, (byte) 0);
        Arrays.fill(expected, 20 * 512, 21 * 512, (byte) 0);
        assertArrayEquals(expected, after);
    }

    @Test
    void badSegmentsChangeNothing() throws Exception {
        Path p = deallocatable(64);
        byte[] before = Files.readAllBytes(p);
        start(p, false, null);
        // §5.2.6.2: UNMAP on a discard, or a reserved flag, is unsupported.
        assertEquals(VIRTIO_BLK_S_UNSUPP, request(d.out(header(VIRTIO_BLK_T_DISCARD, 0)),
                d.out(segment(0, 8, VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP)), d.in(1)));
        assertEquals(VIRTIO_BLK_S_UNSUPP, request(d.out(header(VIRTIO_BLK_T_WRITE_ZEROES, 0)),
                d.out(segment(0, 8, 2)), d.in(1)));
        // Past the end (the first segment is fine: all are checked before any is applied), a
        // length that is not whole segments, too many segments.
        assertEquals(VIRTIO_BLK_S_IOERR, request(d.out(header(VIRTIO_BLK_T_DISCARD, 0)),
                d.out(concat(segment(0, 8, 0), segment(60, 8, 0))), d.in(1)));
        assertEquals(VIRTIO_BLK_S_IOERR, request(d.out(header(VIRTIO_BLK_T_DISCARD, 0)), d.out(new byte[15]), d.in(1)));
        byte[][] many = new byte[MAX_SEGMENTS + 1][];
        Arrays.fill(many, segment(0, 1, 0));
        assertEquals(VIRTIO_BLK_S_IOERR, request(d.out(header(VIRTIO_BLK_T_DISCARD, 0)), d.out(concat(many)), d.in(1)));
        assertArrayEquals(before, Files.readAllBytes(p));
    }

    @Test
    void aReadOnlyDiskOffersNeitherDiscardNorWriteZeroes() throws Exception {
        Path p = image(16);
        byte[] before = Files.readAllBytes(p);
        start(p, true, null);
        assertFalse(VirtioFeatures.has(d.deviceFeatures(), VIRTIO_BLK_F_DISCARD));
        assertFalse(VirtioFeatures.has(d.deviceFeatures(), VIRTIO_BLK_F_WRITE_ZEROES));
        assertEquals(VIRTIO_BLK_S_UNSUPP, request(d.out(header(VIRTIO_BLK_T_DISCARD, 0)), d.out(segment(0, 8, 0)),
                d.in(1)));
        assertArrayEquals(before, Files.readAllBytes(p));
    }

    @Test
    void aReadOnlyDiskOffersRoAndRefusesWrites() throws Exception {
        Path p = image(16);
        byte[] before = Files.readAllBytes(p);
        start(p, true, null);
        assertTrue(VirtioFeatures.has(d.deviceFeatures(), VIRTIO_BLK_F_RO));
        assertEquals(VIRTIO_BLK_S_IOERR, request(d.out(header(VIRTIO_BLK_T_OUT, 0)), d.out(new byte[512]), d.in(1)));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(VIRTIO_BLK_S_OK, request(d.out(header(VIRTIO_BLK_T_IN, 0)), d.in(512), d.in(1)));
    }

    @Test
    void requestsPastTheEndOrNotWholeSectorsFail() throws Exception {
        start(image(16), false, null);
        assertEquals(VIRTIO_BLK_S_IOERR, request(d.out(header(VIRTIO_BLK_T_IN, 15)), d.in(1024), d.in(1)));
        assertEquals(VIRTIO_BLK_S_IOERR, request(d.out(header(VIRTIO_BLK_T_IN, 0)), d.in(100), d.in(1)));
        assertEquals(VIRTIO_BLK_S_IOERR, request(d.out(header(VIRTIO_BLK_T_IN, -1L)), d.in(512), d.in(1)));
        assertEquals(VIRTIO_BLK_S_IOERR, request(d.out(header(VIRTIO_BLK_T_OUT, Long.MAX_VALUE / 256)),
                d.out(new byte[512]), d.in(1)));
        assertFalse(d.needsReset());
    }

    @Test
    void getIdReturnsTheSerialPaddedToTwentyBytes() throws Exception {
        start(image(1), false, "jhyve-disk-0");
        TestDriver.Buf id = d.in(20);
        assertEquals(VIRTIO_BLK_S_OK, request(d.out(header(VIRTIO_BLK_T_GET_ID, 0)), id, d.in(1)));
        byte[] expected = Arrays.copyOf("jhyve-disk-0".getBytes(StandardCharsets.US_ASCII), 20);
        assertArrayEquals(expected, d.mem.read(id.addr(), 20));
    }

    @Test
    void unknownRequestTypesAreUnsupported() throws Exception {
        start(image(1), false, null);
        assertEquals(VIRTIO_BLK_S_UNSUPP, request(d.out(header(99, 0)), d.in(1)));
    }

    @Test
    void aRequestWithoutStatusByteNeedsReset() throws Exception {
        start(image(1), false, null);
        d.submit(0, d.out(header(VIRTIO_BLK_T_IN, 0)));
        long deadline = System.currentTimeMillis() + 5000;
        while (!d.needsReset() && System.currentTimeMillis() < deadline) Thread.onSpinWait();
        assertTrue(d.needsReset());
        assertEquals("jhyve: test-virtio-blk: queue 0: virtio-blk request (head 0) has 16 readable and 0 writable "
                + "bytes; it needs a 16-byte header and a status byte; device needs reset (further errors not logged)",
                d.log.get(0));
    }

    @Test
    void aRequestWithATooShortHeaderNeedsReset() throws Exception {
        start(image(1), false, null);
        d.submit(0, d.out(new byte[8]), d.in(1));
        long deadline = System.currentTimeMillis() + 5000;
        while (!d.needsReset() && System.currentTimeMillis() < deadline) Thread.onSpinWait();
        assertTrue(d.needsReset());
    }

    @Test
    void aMissingImageIsRefusedBeforeBoot() {
        Path p = dir.resolve("nope.img");
        JhyveException e = assertThrows(JhyveException.class,
                () -> BlockImage.open(new DiskConfig(p, false, Optional.empty())));
        assertEquals("disk image " + p + " does not exist", e.getMessage());
    }

    @Test
    void anImageOpenReadWriteIsLocked() throws Exception {
        Path p = image(1);
        try (BlockImage first = BlockImage.open(new DiskConfig(p, false, Optional.empty()))) {
            JhyveException e = assertThrows(JhyveException.class,
                    () -> BlockImage.open(new DiskConfig(p, true, Optional.empty())));
            assertEquals("disk image " + p + " is in use: another process has it open read-write "
                    + "(jhyve locks read-write images exclusively)", e.getMessage());
        }
        BlockImage.open(new DiskConfig(p, false, Optional.empty())).close();
    }

    @Test
    void anUnreadableImageIsRefused() throws Exception {
        Path p = image(1);
        p.toFile().setReadable(false);
        p.toFile().setWritable(false);
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(p), "running as root: permissions do not bind");
        JhyveException e = assertThrows(JhyveException.class,
                () -> BlockImage.open(new DiskConfig(p, false, Optional.empty())));
        assertEquals("cannot open disk image " + p + " read-write: permission denied", e.getMessage());
    }

    @Test
    void resetWaitsForTheWorkerAndTheDiskWorksAgain() throws Exception {
        start(image(16), false, null);
        for (int i = 0; i < 5; i++) d.submit(0, d.out(header(VIRTIO_BLK_T_IN, i)), d.in(512), d.in(1));
        d.reg(VirtioMmioRegisters.VIRTIO_MMIO_STATUS, 0);
        d.start();
        assertEquals(VIRTIO_BLK_S_OK, request(d.out(header(VIRTIO_BLK_T_IN, 0)), d.in(512), d.in(1)));
    }
}

package io.jhyve.devices.virtio;

import static io.jhyve.devices.virtio.SplitVirtqueue.*;
import static io.jhyve.devices.virtio.VirtioFeatures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Normal and hostile chains through the echo device; every hostile one ends in DEVICE_NEEDS_RESET. */
class SplitVirtqueueTest {
    private final TestDriver d = new TestDriver(new EchoDevice());
    private final long table = TestDriver.desc(0);

    private void publishAndKick(int head) {
        d.publish(0, head);
        d.kick(0);
    }

    private void assertNeedsReset(String expected) {
        assertTrue(d.needsReset(), "DEVICE_NEEDS_RESET expected");
        assertEquals(0, d.usedIdx(0), "nothing returned to the used ring");
        assertEquals(1, d.log.size(), d.log.toString());
        assertEquals("jhyve: test-echo: queue 0: " + expected + "; device needs reset (further errors not logged)",
                d.log.get(0));
    }

    @Test
    void aDescriptorLoopIsCaught() {
        d.start();
        TestDriver.Buf b = d.out(new byte[8]);
        d.writeDesc(table, 0, b.addr(), 8, VIRTQ_DESC_F_NEXT, 1);
        d.writeDesc(table, 1, b.addr(), 8, VIRTQ_DESC_F_NEXT, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0 is longer than its 16-entry queue (a loop)");
    }

    @Test
    void aSelfLoopIsCaught() {
        d.start();
        d.writeDesc(table, 3, TestDriver.DATA, 8, VIRTQ_DESC_F_NEXT, 3);
        publishAndKick(3);
        assertNeedsReset("chain from head 3 is longer than its 16-entry queue (a loop)");
    }

    @Test
    void aNextIndexPastTheTableIsCaught() {
        d.start();
        d.writeDesc(table, 0, TestDriver.DATA, 8, VIRTQ_DESC_F_NEXT, 16);
        publishAndKick(0);
        assertNeedsReset("chain from head 0: descriptor index 16 is past the end of a 16-entry queue");
    }

    @Test
    void aHeadPastTheTableIsCaught() {
        d.start();
        publishAndKick(0xffff);
        assertNeedsReset("chain from head 65535: descriptor index 65535 is past the end of a 16-entry queue");
    }

    @Test
    void aBufferOutsideRamIsCaught() {
        d.start();
        d.writeDesc(table, 0, 0x7fff_0000_0000L, 16, 0, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0: buffer at 0x7fff00000000 (16 bytes) is outside guest RAM");
    }

    @Test
    void aBufferRunningPastTheEndOfRamIsCaught() {
        d.start();
        d.writeDesc(table, 0, TestDriver.RAM - 8, 16, VIRTQ_DESC_F_WRITE, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0: buffer at 0x3ffff8 (16 bytes) is outside guest RAM");
    }

    @Test
    void anAddressThatWrapsIsCaught() {
        d.start();
        d.writeDesc(table, 0, 0xffff_ffff_ffff_fff0L, 0x20, 0, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0: buffer at 0xfffffffffffffff0 (32 bytes) is outside guest RAM");
    }

    @Test
    void anOversizedBufferIsCaught() {
        d.start();
        d.writeDesc(table, 0, TestDriver.DATA, 0xffff_ffffL, VIRTQ_DESC_F_WRITE, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0: buffer at 0x80000 (4294967295 bytes) is outside guest RAM");
    }

    @Test
    void zeroLengthBuffersAreHarmless() {
        d.start();
        d.writeDesc(table, 0, 0xdead_0000_0000L, 0, VIRTQ_DESC_F_NEXT, 1);
        d.writeDesc(table, 1, 0xdead_0000_0000L, 0, VIRTQ_DESC_F_WRITE, 0);
        publishAndKick(0);
        assertFalse(d.needsReset());
        assertArrayEquals(new long[] {0, 0}, d.usedElem(0, 0));
    }

    @Test
    void aReadableBufferAfterAWritableOneIsCaught() {
        d.start();
        TestDriver.Buf in = d.in(4);
        TestDriver.Buf out = d.out(new byte[4]);
        d.submit(0, in, out);
        assertNeedsReset("chain from head 0: a device-readable descriptor follows a device-writable one");
    }

    @Test
    void anAvailIndexRunningAheadIsCaught() {
        d.start();
        d.mem.writeU16(TestDriver.avail(0) + 2, 17);
        d.kick(0);
        assertNeedsReset("avail index 17 is 17 ahead of the device's 0, more than the queue size 16");
    }

    private long indirectTable(TestDriver.Buf... bufs) {
        long t = 0x60000;
        for (int i = 0; i < bufs.length; i++) {
            int flags = (bufs[i].writable() ? VIRTQ_DESC_F_WRITE : 0) | (i < bufs.length - 1 ? VIRTQ_DESC_F_NEXT : 0);
            d.writeDesc(t, i, bufs[i].addr(), bufs[i].len(), flags, i + 1);
        }
        return t;
    }

    @Test
    void anIndirectTableIsFollowed() {
        d.start();
        TestDriver.Buf in = d.in(3);
        long t = indirectTable(d.out("abc".getBytes(StandardCharsets.US_ASCII)), in);
        d.writeDesc(table, 0, t, 32, VIRTQ_DESC_F_INDIRECT, 0);
        publishAndKick(0);
        assertFalse(d.needsReset(), d.log.toString());
        assertArrayEquals(new long[] {0, 3}, d.usedElem(0, 0));
        assertEquals("abc", new String(d.mem.read(in.addr(), 3), StandardCharsets.US_ASCII));
    }

    @Test
    void anIndirectDescriptorInsideAnIndirectTableIsCaught() {
        d.start();
        long t = 0x60000;
        d.writeDesc(t, 0, t, 16, VIRTQ_DESC_F_INDIRECT, 0);
        d.writeDesc(table, 0, t, 16, VIRTQ_DESC_F_INDIRECT, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0 has an indirect descriptor inside an indirect table");
    }

    @Test
    void aLoopInsideAnIndirectTableIsCaught() {
        d.start();
        long t = 0x60000;
        d.writeDesc(t, 0, TestDriver.DATA, 4, VIRTQ_DESC_F_NEXT, 1);
        d.writeDesc(t, 1, TestDriver.DATA, 4, VIRTQ_DESC_F_NEXT, 0);
        d.writeDesc(table, 0, t, 32, VIRTQ_DESC_F_INDIRECT, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0 is longer than its 2-entry indirect table (a loop)");
    }

    @Test
    void indirectNeedsTheFeature() {
        d.start(bit(VIRTIO_F_VERSION_1), 16);
        d.writeDesc(table, 0, 0x60000, 16, VIRTQ_DESC_F_INDIRECT, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0 uses an indirect descriptor but VIRTIO_F_INDIRECT_DESC was not negotiated");
    }

    @Test
    void indirectWithNextIsCaught() {
        d.start();
        d.writeDesc(table, 0, 0x60000, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
        publishAndKick(0);
        assertNeedsReset("chain from head 0 has an indirect descriptor with VIRTQ_DESC_F_NEXT set");
    }

    @Test
    void aRaggedIndirectTableIsCaught() {
        d.start();
        d.writeDesc(table, 0, 0x60000, 17, VIRTQ_DESC_F_INDIRECT, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0 has an indirect table of 17 bytes, not 1 to 32768 whole descriptors");
    }

    @Test
    void anIndirectTableOutsideRamIsCaught() {
        d.start();
        d.writeDesc(table, 0, TestDriver.RAM - 16, 32, VIRTQ_DESC_F_INDIRECT, 0);
        publishAndKick(0);
        assertNeedsReset("chain from head 0 has an indirect table at 0x3ffff0 (32 bytes) outside guest RAM");
    }

    @Test
    void aBrokenDeviceIgnoresKicksUntilReset() {
        d.start();
        d.writeDesc(table, 0, 0x7fff_0000_0000L, 16, 0, 0);
        publishAndKick(0);
        d.submit(0, d.out(new byte[] {1}), d.in(1));
        assertEquals(0, d.usedIdx(0));
        assertEquals(1, d.log.size());
    }

    @Test
    void theUsedRingWrapsAroundTheQueue() {
        d.start(d.deviceFeatures(), 4);
        for (int i = 0; i < 10; i++) {
            TestDriver.Buf in = d.in(1);
            d.submit(0, d.out(new byte[] {(byte) i}), in);
            assertEquals(i, d.mem.readU8(in.addr()));
        }
        assertEquals(10, d.usedIdx(0));
        assertFalse(d.needsReset());
    }
}

package io.jhyve.devices.virtio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VirtioNetTest {
    /** A port whose sent frames are recorded and whose received frames the test supplies. */
    static final class ScriptedPort implements PacketPort {
        final List<byte[]> sent = new ArrayList<>();
        final LinkedBlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();

        @Override public synchronized void send(byte[] f, int off, int len) { sent.add(Arrays.copyOfRange(f, off, off + len)); }
        @Override public byte[] receive(int ms) throws java.io.IOException {
            try {
                return incoming.poll(ms, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new java.io.IOException(e);
            }
        }
        @Override public String description() { return "scripted"; }
        @Override public void close() { }
    }

    private static final byte[] MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    private final ScriptedPort port = new ScriptedPort();
    private final VirtioNet net = new VirtioNet(port, MAC, "test-net-rx");
    private final TestDriver d = new TestDriver(net);

    @AfterEach
    void close() { net.close(); }

    private static byte[] frame(int len, int seed) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) f[i] = (byte) (seed + i);
        return f;
    }

    @Test
    void configHoldsTheMacAndLinkUp() {
        for (int i = 0; i < 6; i++) assertEquals(MAC[i] & 0xff, net.readConfig(i, 1));
        assertEquals(VirtioNet.VIRTIO_NET_S_LINK_UP, net.readConfig(6, 2));
        long f = d.deviceFeatures();
        assertTrue(VirtioFeatures.has(f, VirtioNet.VIRTIO_NET_F_MAC));
        assertTrue(VirtioFeatures.has(f, VirtioNet.VIRTIO_NET_F_STATUS));
    }

    @Test
    void transmitSkipsTheHeaderAndSendsTheFrame() {
        d.start();
        byte[] f = frame(60, 1);
        d.submit(VirtioNet.TRANSMITQ, d.out(new byte[VirtioNet.VIRTIO_NET_HDR_SIZE]), d.out(f));
        assertEquals(1, d.usedIdx(VirtioNet.TRANSMITQ));
        assertEquals(1, port.sent.size());
        assertArrayEquals(f, port.sent.get(0));
    }

    @Test
    void aChainShorterThanTheHeaderSendsNothing() {
        d.start();
        d.submit(VirtioNet.TRANSMITQ, d.out(new byte[8]));
        assertEquals(1, d.usedIdx(VirtioNet.TRANSMITQ));
        assertTrue(port.sent.isEmpty());
        assertFalse(d.needsReset());
    }

    @Test
    void receivedFramesFillReceiveBuffersWithAHeader() {
        d.start();
        TestDriver.Buf rx = d.in(1526);
        d.submit(VirtioNet.RECEIVEQ, rx);
        byte[] f = frame(100, 7);
        port.incoming.add(f);
        d.awaitUsed(VirtioNet.RECEIVEQ, 1);
        assertEquals(112, d.usedElem(VirtioNet.RECEIVEQ, 0)[1]);
        byte[] header = d.mem.read(rx.addr(), 12);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}, header, "num_buffers 1, no offloads");
        assertArrayEquals(f, d.mem.read(rx.addr() + 12, 100));
    }

    @Test
    void framesWaitForBuffersThenArriveInOrder() {
        d.start();
        net.receive(frame(64, 1));
        net.receive(frame(64, 2));
        TestDriver.Buf a = d.in(1526);
        TestDriver.Buf b = d.in(1526);
        d.submit(VirtioNet.RECEIVEQ, a);
        d.submit(VirtioNet.RECEIVEQ, b);
        assertEquals(2, d.usedIdx(VirtioNet.RECEIVEQ));
        assertEquals(1, d.mem.readU8(a.addr() + 12));
        assertEquals(2, d.mem.readU8(b.addr() + 12));
    }

    @Test
    void aFrameTooLargeForTheBufferIsDropped() {
        d.start();
        d.submit(VirtioNet.RECEIVEQ, d.in(64));
        net.receive(frame(1000, 0));
        assertEquals(1, net.droppedFrames());
        assertEquals(0, d.usedElem(VirtioNet.RECEIVEQ, 0)[1]);
    }
}

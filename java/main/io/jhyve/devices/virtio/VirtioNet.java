package io.jhyve.devices.virtio;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * virtio-net (virtio-v1.2 §5.1) over a {@link PacketPort}: one receiveq/transmitq pair, no
 * offloads. Offered: VIRTIO_NET_F_MAC (the configured address) and VIRTIO_NET_F_STATUS (link
 * always up). Not offered: checksum and segmentation offloads, MRG_RXBUF, CTRL_VQ, MQ, MTU.
 *
 * <p>Every buffer starts with the 12-byte struct virtio_net_hdr (§5.1.6; with VERSION_1 it always
 * has num_buffers). Transmit: the header is skipped (no offloads were negotiated, so there is
 * nothing in it to act on) and the frame goes to the port on the kicking vCPU's thread. Receive:
 * a thread waits on the port; each frame gets a zeroed header with num_buffers = 1 and fills one
 * receive chain. Frames that arrive while the driver has no buffer wait, up to
 * {@link #RX_BACKLOG} of them, then the oldest are dropped, as a full NIC ring drops.
 */
public final class VirtioNet implements VirtioDevice, AutoCloseable {
    public static final int VIRTIO_NET_F_MAC = 5;
    public static final int VIRTIO_NET_F_STATUS = 16;
    public static final int VIRTIO_NET_S_LINK_UP = 1;
    public static final int VIRTIO_NET_HDR_SIZE = 12;
    static final int RECEIVEQ = 0;
    static final int TRANSMITQ = 1;
    public static final int QUEUE_SIZE = 256;
    static final int RX_BACKLOG = 256;
    /** Largest frame accepted from the driver: 64 KiB, the most an untruncated IP packet needs. */
    static final int MAX_FRAME = 65536;

    private final PacketPort port;
    private final byte[] config = new byte[8];
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private final Thread receiver;
    private VirtioTransport transport;
    private volatile boolean closed;
    private long dropped;

    public VirtioNet(PacketPort port, byte[] mac, String threadName) {
        if (mac.length != 6) throw new IllegalArgumentException("a MAC address has 6 bytes, not " + mac.length);
        this.port = port;
        System.arraycopy(mac, 0, config, 0, 6);
        ConfigSpace.putLE(config, 6, VIRTIO_NET_S_LINK_UP, 2);
        this.receiver = new Thread(this::receiveLoop, threadName);
        receiver.setDaemon(true);
        receiver.start();
    }

    @Override public String name() { return "virtio-net"; }

    @Override public int deviceId() { return VIRTIO_ID_NET; }

    @Override
    public long deviceFeatures() { return VirtioFeatures.bit(VIRTIO_NET_F_MAC) | VirtioFeatures.bit(VIRTIO_NET_F_STATUS); }

    @Override public int[] queueMaxSizes() { return new int[] {QUEUE_SIZE, QUEUE_SIZE}; }

    @Override public long readConfig(int offset, int size) { return ConfigSpace.read(config, offset, size); }

    @Override
    public synchronized void activate(VirtioTransport t) {
        transport = t;
        deliver();
    }

    @Override
    public synchronized void queueNotify(int queue) {
        if (transport == null) return;
        if (queue == TRANSMITQ) transport.processQueue(TRANSMITQ, this::transmit);
        else deliver();
    }

    @Override
    public synchronized void reset() {
        transport = null;
        backlog.clear();
    }

    /** Frames dropped so far because the driver had no receive buffer for them. */
    public synchronized long droppedFrames() { return dropped; }

    private long transmit(DescriptorChain chain) {
        long len = chain.readableBytes() - VIRTIO_NET_HDR_SIZE;
        if (len <= 0 || len > MAX_FRAME) return 0; // no frame, or larger than any Ethernet frame: dropped
        byte[] frame = new byte[(int) len];
        chain.read(transport.memory(), VIRTIO_NET_HDR_SIZE, frame, 0, frame.length);
        try {
            port.send(frame, 0, frame.length);
        } catch (IOException e) {
            // The host side is down: the frame is lost, as on a cable nobody listens to.
        }
        return 0;
    }

    private void receiveLoop() {
        while (!closed) {
            try {
                byte[] frame = port.receive(100);
                if (frame != null) receive(frame);
            } catch (IOException e) {
                if (!closed) System.err.println("jhyve: virtio-net: " + port.description() + ": " + e.getMessage());
                return;
            }
        }
    }

    /** A frame from the host: queued, then handed to the driver as receive buffers allow. */
    synchronized void receive(byte[] frame) {
        if (backlog.size() == RX_BACKLOG) {
            backlog.poll();
            dropped++;
        }
        backlog.add(frame);
        deliver();
    }

    private void deliver() {
        if (transport == null) return;
        while (!backlog.isEmpty() && transport.processOne(RECEIVEQ, this::fillReceiveBuffer)) {
            // one frame per chain
        }
    }

    private long fillReceiveBuffer(DescriptorChain chain) {
        byte[] frame = backlog.poll();
        if (chain.writableBytes() < VIRTIO_NET_HDR_SIZE + frame.length) {
            dropped++; // §5.1.6.3.1: the driver's buffers must fit a whole frame without MRG_RXBUF
            return 0;
        }
        byte[] header = new byte[VIRTIO_NET_HDR_SIZE];
        ConfigSpace.putLE(header, 10, 1, 2); // num_buffers
        chain.write(transport.memory(), 0, header, 0, header.length);
        chain.write(transport.memory(), VIRTIO_NET_HDR_SIZE, frame, 0, frame.length);
        return VIRTIO_NET_HDR_SIZE + frame.length;
    }

    @Override
    public void close() {
        closed = true;
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        port.close();
    }
}

package io.jhyve.devices.virtio;

import java.security.SecureRandom;

/**
 * virtio-rng, the entropy device (virtio-v1.2 §5.4): one requestq whose device-writable buffers
 * the device fills with random bytes from the host's {@link SecureRandom} (on Linux, the
 * non-blocking system source). No features, no configuration space. Served on the kicking vCPU's
 * thread: generating a few KiB is cheaper than a thread hand-off. A chain's bytes are capped at
 * {@link #MAX_BYTES_PER_REQUEST} so one hostile request cannot keep a vCPU busy for long; §5.4.6.1
 * lets the device return fewer bytes than the buffer holds.
 */
public final class VirtioRng implements VirtioDevice {
    public static final int QUEUE_SIZE = 64;
    public static final int MAX_BYTES_PER_REQUEST = 64 * 1024;

    private final SecureRandom random;
    private VirtioTransport transport;

    public VirtioRng(SecureRandom random) {
        this.random = random;
    }

    @Override public String name() { return "virtio-rng"; }

    @Override public int deviceId() { return VIRTIO_ID_RNG; }

    @Override public long deviceFeatures() { return 0; }

    @Override public int[] queueMaxSizes() { return new int[] {QUEUE_SIZE}; }

    @Override public long readConfig(int offset, int size) { return 0; }

    @Override
    public synchronized void activate(VirtioTransport t) { this.transport = t; }

    @Override
    public synchronized void queueNotify(int queue) {
        if (transport != null) transport.processQueue(queue, this::fill);
    }

    private long fill(DescriptorChain chain) {
        int n = (int) Math.min(chain.writableBytes(), MAX_BYTES_PER_REQUEST);
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        chain.write(transport.memory(), 0, bytes, 0, n);
        return n;
    }

    @Override
    public synchronized void reset() { transport = null; }
}

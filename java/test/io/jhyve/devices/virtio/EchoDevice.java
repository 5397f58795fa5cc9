package io.jhyve.devices.virtio;

/** A test device type: one queue; each chain's readable bytes are copied into its writable buffers. */
final class EchoDevice implements VirtioDevice {
    private VirtioTransport transport;
    int resets;

    @Override public String name() { return "echo"; }
    @Override public int deviceId() { return 42; }
    @Override public long deviceFeatures() { return 0; }
    @Override public int[] queueMaxSizes() { return new int[] {16}; }
    @Override public long readConfig(int offset, int size) { return offset == 0 && size == 4 ? 0x12345678 : 0; }
    @Override public void activate(VirtioTransport t) { transport = t; }

    @Override
    public void queueNotify(int queue) {
        transport.processQueue(queue, chain -> {
            int n = (int) Math.min(chain.readableBytes(), chain.writableBytes());
            byte[] b = new byte[n];
            chain.read(transport.memory(), 0, b, 0, n);
            chain.write(transport.memory(), 0, b, 0, n);
            return n;
        });
    }

    @Override public void reset() { resets++; transport = null; }
}

package io.jhyve.devices.virtio;

import java.io.IOException;
import java.io.OutputStream;

/**
 * virtio-console (virtio-v1.2 §5.3) with its single port: Linux's hvc0. Output from the transmitq
 * goes to the same console sink as the UART's; host input is queued by {@link #receive} and handed
 * to the guest through the receiveq as buffers become available.
 *
 * <p>Offered: VIRTIO_CONSOLE_F_EMERG_WRITE, so a driver can write single characters through
 * emerg_wr before its queues run (§5.3.4). Not offered: SIZE (no terminal size to report) and
 * MULTIPORT. Queues are served on the thread that kicks (vCPU) or receives (console input pump):
 * the sink is asynchronous, so neither waits on the host terminal.
 */
public final class VirtioConsole implements VirtioDevice {
    public static final int VIRTIO_CONSOLE_F_EMERG_WRITE = 2;
    static final int RECEIVEQ = 0;
    static final int TRANSMITQ = 1;
    public static final int QUEUE_SIZE = 64;
    /** Config offset of emerg_wr (after cols, rows and max_nr_ports). */
    static final int EMERG_WR = 8;
    /** Input waiting for receive buffers; {@link #receive} blocks beyond this, as the UART's FIFO does. */
    static final int INPUT_CAPACITY = 4096;

    private final OutputStream out;
    private final byte[] input = new byte[INPUT_CAPACITY];
    private int inputStart;
    private int inputLength;
    private VirtioTransport transport;

    public VirtioConsole(OutputStream out) {
        this.out = out;
    }

    @Override public String name() { return "virtio-console"; }

    @Override public int deviceId() { return VIRTIO_ID_CONSOLE; }

    @Override public long deviceFeatures() { return VirtioFeatures.bit(VIRTIO_CONSOLE_F_EMERG_WRITE); }

    @Override public int[] queueMaxSizes() { return new int[] {QUEUE_SIZE, QUEUE_SIZE}; }

    @Override public long readConfig(int offset, int size) { return 0; }

    @Override
    public void writeConfig(int offset, int size, long value) {
        if (offset == EMERG_WR && size == 4) emit(new byte[] {(byte) value}, 1);
    }

    @Override
    public synchronized void activate(VirtioTransport t) {
        transport = t;
        deliverInput();
    }

    @Override
    public synchronized void queueNotify(int queue) {
        if (transport == null) return;
        if (queue == TRANSMITQ) transport.processQueue(TRANSMITQ, this::transmit);
        else deliverInput();
    }

    private long transmit(DescriptorChain chain) {
        long remaining = chain.readableBytes();
        byte[] buf = new byte[(int) Math.min(remaining, 4096)];
        for (long off = 0; off < remaining; off += buf.length) {
            int n = (int) Math.min(buf.length, remaining - off);
            chain.read(transport.memory(), off, buf, 0, n);
            emit(buf, n);
        }
        return 0;
    }

    private void emit(byte[] b, int n) {
        try {
            out.write(b, 0, n);
            out.flush();
        } catch (IOException e) {
            // The sink is gone (console closed at shutdown): output has nowhere to go.
        }
    }

    /** Host input for hvc0 (what the console input pump calls); blocks while the guest is not reading. */
    public synchronized void receive(byte[] data) throws InterruptedException {
        int i = 0;
        while (i < data.length) {
            while (inputLength == INPUT_CAPACITY) wait();
            while (i < data.length && inputLength < INPUT_CAPACITY) {
                input[(inputStart + inputLength++) % INPUT_CAPACITY] = data[i++];
            }
            deliverInput();
        }
    }

    /** Fills receive buffers with queued input while both last. */
    private void deliverInput() {
        if (transport == null || inputLength == 0) return;
        boolean served = false;
        while (inputLength > 0 && transport.processOne(RECEIVEQ, this::fillReceiveBuffer)) served = true;
        if (served) notifyAll();
    }

    private long fillReceiveBuffer(DescriptorChain chain) {
        int n = (int) Math.min(chain.writableBytes(), inputLength);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = input[(inputStart + i) % INPUT_CAPACITY];
        chain.write(transport.memory(), 0, b, 0, n);
        inputStart = (inputStart + n) % INPUT_CAPACITY;
        inputLength -= n;
        return n;
    }

    @Override
    public synchronized void reset() { transport = null; }
}

package io.jhyve.devices.virtio;

/**
 * A virtio device type (virtio-v1.2 §5) as the transport drives it: its ID, its feature bits, its
 * queues and configuration space, and what it does when the driver kicks a queue.
 *
 * <p>Contract: the transport calls {@link #activate} once the driver set DRIVER_OK, then
 * {@link #queueNotify} for each kick, and {@link #reset} when the driver (or the machine) resets
 * the device. After {@link #reset} returns the device must no longer touch its queues: a device
 * with its own worker thread waits for the request in flight. Nothing here may throw for anything
 * the guest did; queue errors go to {@link VirtioTransport#deviceNeedsReset}.
 */
public interface VirtioDevice {
    /** §5: 1 network, 2 block, 3 console, 4 entropy source. */
    int VIRTIO_ID_NET = 1;
    int VIRTIO_ID_BLOCK = 2;
    int VIRTIO_ID_CONSOLE = 3;
    int VIRTIO_ID_RNG = 4;

    /** A short type name for logs, e.g. "virtio-blk". */
    String name();

    int deviceId();

    /** The device-specific feature bits offered; the transport adds {@link VirtioFeatures#TRANSPORT_OFFERED}. */
    long deviceFeatures();

    /** QueueNumMax of each queue, in queue-index order; each a power of 2. */
    int[] queueMaxSizes();

    /** A read of {@code size} bytes at {@code offset} into the configuration space; 0 past its end. */
    long readConfig(int offset, int size);

    /** A driver write to the configuration space; ignored by default (read-only fields). */
    default void writeConfig(int offset, int size, long value) { }

    /** DRIVER_OK: the queues are set up and features negotiated; start serving. */
    void activate(VirtioTransport transport);

    /** The driver kicked queue {@code queue} (an index below {@code queueMaxSizes().length}). */
    void queueNotify(int queue);

    /** Stop serving and drop per-activation state; return only when no request is in flight. */
    void reset();
}

package io.jhyve.devices.virtio;

/**
 * The driver broke a virtqueue rule (virtio-v1.2 §2.7): a descriptor outside guest RAM, a chain
 * that loops or outgrows the queue, a nested indirect table, an avail index that ran ahead. The
 * transport answers it by setting DEVICE_NEEDS_RESET (§2.1.2); it never leaves the device model.
 */
public final class MalformedQueueException extends RuntimeException {
    public MalformedQueueException(String message) {
        super(message, null, false, false);
    }
}

package io.jhyve.devices.virtio;

/**
 * Device-independent feature bits (virtio-v1.2 §6, "Reserved Feature Bits") and the ones jhyve's
 * transport offers for every device. Device-specific bits live with their device.
 */
public final class VirtioFeatures {
    private VirtioFeatures() { }

    /** §2.7.5.3: the driver may use VIRTQ_DESC_F_INDIRECT descriptor tables. */
    public static final int VIRTIO_F_INDIRECT_DESC = 28;
    /** §2.7.7 / §2.7.10: used_event and avail_event replace the flag-based notification suppression. */
    public static final int VIRTIO_F_EVENT_IDX = 29;
    /** §6: a modern (1.x) device; a driver that does not accept it gets no FEATURES_OK. */
    public static final int VIRTIO_F_VERSION_1 = 32;
    /** §2.6.1: per-queue reset through QueueReset; not offered (see {@link #TRANSPORT_OFFERED}). */
    public static final int VIRTIO_F_RING_RESET = 40;

    /**
     * What the transport offers on top of each device's own bits. RING_RESET is left out: Linux
     * uses it only to resize queues at run time, which no jhyve device needs.
     */
    public static final long TRANSPORT_OFFERED = bit(VIRTIO_F_VERSION_1) | bit(VIRTIO_F_EVENT_IDX)
            | bit(VIRTIO_F_INDIRECT_DESC);

    public static long bit(int feature) { return 1L << feature; }

    public static boolean has(long features, int feature) { return (features & bit(feature)) != 0; }
}

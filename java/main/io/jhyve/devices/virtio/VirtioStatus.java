package io.jhyve.devices.virtio;

/** The device status field's bits (virtio-v1.2 §2.1) and the interrupt status bits of §4.2.2. */
public final class VirtioStatus {
    private VirtioStatus() { }

    public static final int ACKNOWLEDGE = 1;
    public static final int DRIVER = 2;
    public static final int DRIVER_OK = 4;
    public static final int FEATURES_OK = 8;
    /** §2.1.2: set by the device when it hit an error it cannot recover from until reset. */
    public static final int DEVICE_NEEDS_RESET = 64;
    public static final int FAILED = 128;

    /** InterruptStatus bit 0: "Used Buffer Notification". */
    public static final int VIRTIO_MMIO_INT_VRING = 1;
    /** InterruptStatus bit 1: "Configuration Change Notification". */
    public static final int VIRTIO_MMIO_INT_CONFIG = 2;

    /** The set bits by name, e.g. "ACKNOWLEDGE|DRIVER|DEVICE_NEEDS_RESET", for logs and tests. */
    public static String describe(int status) {
        if (status == 0) return "0";
        String[] names = {"ACKNOWLEDGE", "DRIVER", "DRIVER_OK", "FEATURES_OK", "bit4", "bit5",
            "DEVICE_NEEDS_RESET", "FAILED"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((status & (1 << i)) != 0) sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
        }
        return sb.toString();
    }
}

package io.jhyve.devices.virtio;

/**
 * The virtio-mmio register layout, version 2 (virtio-v1.2 §4.2.2, Table "MMIO Device Register
 * Layout"). Offsets from the device's base; every register is 32 bits wide, the device-specific
 * configuration space starts at {@link #VIRTIO_MMIO_CONFIG}.
 */
public final class VirtioMmioRegisters {
    private VirtioMmioRegisters() { }

    public static final int VIRTIO_MMIO_MAGIC_VALUE = 0x000;
    public static final int VIRTIO_MMIO_VERSION = 0x004;
    public static final int VIRTIO_MMIO_DEVICE_ID = 0x008;
    public static final int VIRTIO_MMIO_VENDOR_ID = 0x00c;
    public static final int VIRTIO_MMIO_DEVICE_FEATURES = 0x010;
    public static final int VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014;
    public static final int VIRTIO_MMIO_DRIVER_FEATURES = 0x020;
    public static final int VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024;
    public static final int VIRTIO_MMIO_QUEUE_SEL = 0x030;
    public static final int VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034;
    public static final int VIRTIO_MMIO_QUEUE_NUM = 0x038;
    public static final int VIRTIO_MMIO_QUEUE_READY = 0x044;
    public static final int VIRTIO_MMIO_QUEUE_NOTIFY = 0x050;
    public static final int VIRTIO_MMIO_INTERRUPT_STATUS = 0x060;
    public static final int VIRTIO_MMIO_INTERRUPT_ACK = 0x064;
    public static final int VIRTIO_MMIO_STATUS = 0x070;
    public static final int VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080;
    public static final int VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084;
    public static final int VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090;
    public static final int VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094;
    public static final int VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0a0;
    public static final int VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0a4;
    public static final int VIRTIO_MMIO_SHM_SEL = 0x0ac;
    public static final int VIRTIO_MMIO_SHM_LEN_LOW = 0x0b0;
    public static final int VIRTIO_MMIO_SHM_LEN_HIGH = 0x0b4;
    public static final int VIRTIO_MMIO_SHM_BASE_LOW = 0x0b8;
    public static final int VIRTIO_MMIO_SHM_BASE_HIGH = 0x0bc;
    public static final int VIRTIO_MMIO_QUEUE_RESET = 0x0c0;
    public static final int VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc;
    public static final int VIRTIO_MMIO_CONFIG = 0x100;

    /** "virt" in little-endian ASCII. */
    public static final int MAGIC = 0x74726976;
    /** Version 2 is the modern (virtio 1.x) interface; 1 was the legacy one. */
    public static final int VERSION_MODERN = 2;
    /** Our vendor ID: "jhyv" in little-endian ASCII (the spec leaves vendor IDs free). */
    public static final int JHYVE_VENDOR_ID = 0x7679686a;
    /** Bytes of register window each device gets; the config space ends well before it. */
    public static final int WINDOW_SIZE = 0x200;
}

package io.jhyve.devices.virtio;

/**
 * Where one virtio-mmio device was placed: its register window and interrupt. What the kernel
 * command line announces ({@link #cmdlineOption()}) and what an ACPI DSDT entry (HID "LNRO0005",
 * as Linux's virtio_mmio driver matches) needs.
 *
 * @param name  the device's name, e.g. "virtio-blk@0xd0000000"
 * @param type  the device type, e.g. "virtio-blk"
 * @param base  guest-physical base of the register window
 * @param size  bytes of register window ({@link VirtioMmioRegisters#WINDOW_SIZE})
 * @param gsi   the interrupt line (an IOAPIC pin and, below 16, a PIC input)
 * @param uid   0, 1, 2... in placement order, usable as an ACPI _UID
 */
public record VirtioMmioDeviceInfo(String name, String type, long base, long size, int gsi, int uid) {
    /** Linux's {@code virtio_mmio.device=<size>@<base>:<irq>} (drivers/virtio/virtio_mmio.c, VIRTIO_MMIO_CMDLINE_DEVICES). */
    public String cmdlineOption() {
        return String.format("virtio_mmio.device=%d@0x%x:%d", size, base, gsi);
    }
}

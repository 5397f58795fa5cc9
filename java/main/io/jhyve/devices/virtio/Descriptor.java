package io.jhyve.devices.virtio;

/**
 * One buffer of a descriptor chain, already checked to lie wholly inside guest RAM.
 *
 * @param addr     guest-physical address
 * @param len      length in bytes, 0 to 2^32-1
 * @param writable device-writable (VIRTQ_DESC_F_WRITE) rather than device-readable
 */
public record Descriptor(long addr, long len, boolean writable) { }

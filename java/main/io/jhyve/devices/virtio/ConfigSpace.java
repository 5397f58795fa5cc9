package io.jhyve.devices.virtio;

/** Little-endian reads of a device configuration space held as bytes (§2.5: config fields are little-endian). */
final class ConfigSpace {
    private ConfigSpace() { }

    /** {@code size} bytes at {@code offset}; bytes past the end read as zero. */
    static long read(byte[] config, int offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            int at = offset + i;
            v = (v << 8) | (at >= 0 && at < config.length ? config[at] & 0xff : 0);
        }
        return v;
    }

    static void putLE(byte[] config, int offset, long value, int size) {
        for (int i = 0; i < size; i++) config[offset + i] = (byte) (value >>> (8 * i));
    }
}

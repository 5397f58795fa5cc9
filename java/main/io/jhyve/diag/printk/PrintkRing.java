package io.jhyve.diag.printk;

/**
 * Where one printk ring buffer lies in guest-physical memory, as the finder located it.
 *
 * @param descs     address of {@code descs[0]} (struct prb_desc, 24 bytes each)
 * @param countBits log2 of the number of descriptors (and of printk_info entries)
 * @param infos     address of {@code infos[0]} (struct printk_info, 88 bytes each)
 * @param data      address of the text data ring
 * @param sizeBits  log2 of the text data ring's size in bytes
 */
public record PrintkRing(long descs, int countBits, long infos, long data, int sizeBits) {
    public int count() { return 1 << countBits; }

    public long dataSize() { return 1L << sizeBits; }

    @Override
    public String toString() {
        return String.format("printk ring: %d descriptors at 0x%x, infos at 0x%x, %d KiB text ring at 0x%x",
                count(), descs, infos, dataSize() >> 10, data);
    }
}

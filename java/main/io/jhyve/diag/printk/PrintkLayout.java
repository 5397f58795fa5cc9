package io.jhyve.diag.printk;

/**
 * The x86-64 layout of Linux's lockless printk ring buffer (Linux >= 5.10,
 * kernel/printk/printk_ringbuffer.h): names are the kernel's. Three arrays make one ring:
 * <ul>
 *   <li>{@code struct prb_desc descs[2^count_bits]}: {@code state_var} (2 state bits over a 62-bit
 *       id) and {@code text_blk_lpos} (begin, next: logical positions in the data ring);</li>
 *   <li>{@code struct printk_info infos[2^count_bits]}: seq, ts_nsec, text_len, facility,
 *       flags:5/level:3, caller_id, dev_info;</li>
 *   <li>the text data ring of {@code 2^size_bits} bytes, made of blocks {@code {unsigned long id;
 *       char data[];}} aligned to 8 bytes.</li>
 * </ul>
 * A record with id {@code id} lives in {@code descs[id % count]}; its seq satisfies
 * {@code seq % count == id % count} (prb_reserve keeps seq and index in step).
 */
final class PrintkLayout {
    private PrintkLayout() { }

    /** sizeof(struct prb_desc): state_var + text_blk_lpos.begin + text_blk_lpos.next. */
    static final int PRB_DESC_SIZE = 24;
    /** sizeof(struct printk_info): 8 + 8 + 2 + 1 + 1 + 4 + dev_info (16 + 48). */
    static final int PRINTK_INFO_SIZE = 88;
    static final int INFO_TS_NSEC = 8, INFO_TEXT_LEN = 16, INFO_FACILITY = 18, INFO_FLAGS_LEVEL = 19;

    /** state_var: the top two bits are the state, the rest the id. */
    static final int DESC_FLAGS_SHIFT = 62;
    static final long DESC_ID_MASK = ~(3L << DESC_FLAGS_SHIFT);
    static final int DESC_RESERVED = 0, DESC_COMMITTED = 1, DESC_FINALIZED = 2, DESC_REUSABLE = 3;

    /** Data-less blocks have the low bit of their lpos set: FAILED_LPOS, NO_LPOS (empty line). */
    static final long FAILED_LPOS = 0x1, NO_LPOS = 0x3;

    /** printk_ringbuffer.h derives the data ring size from the descriptor count: PRB_AVGBITS. */
    static final int PRB_AVGBITS = 5;

    /** Bounds that keep a hostile image cheap: Linux allows log_buf_len up to 2^31 at most. */
    static final int MIN_COUNT_BITS = 4, MAX_COUNT_BITS = 22, MAX_SIZE_BITS = 31;
    /** printk never stores a record longer than this (PRINTKRB_RECORD_MAX is 1024). */
    static final int MAX_TEXT_LEN = 2048;

    static int state(long stateVar) { return (int) (stateVar >>> DESC_FLAGS_SHIFT); }

    static long id(long stateVar) { return stateVar & DESC_ID_MASK; }

    static boolean dataless(long lpos) { return (lpos & 1) != 0; }
}

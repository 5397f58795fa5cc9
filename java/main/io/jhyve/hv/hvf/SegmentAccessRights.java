package io.jhyve.hv.hvf;

import io.jhyve.hv.Segment;

/**
 * The VMCS access-rights format of a segment (Intel SDM Vol. 3C §24.4.1, Table 24-2): type in
 * bits 3:0, S 4, DPL 6:5, P 7, AVL 12, L 13, D/B 14, G 15, "segment unusable" 16; bits 11:8 and
 * 31:17 are reserved and must be 0.
 */
public final class SegmentAccessRights {
    public static final int AR_S = 1 << 4, AR_P = 1 << 7, AR_AVL = 1 << 12, AR_L = 1 << 13, AR_DB = 1 << 14,
            AR_G = 1 << 15, AR_UNUSABLE = 1 << 16;
    /** Bits 11:8 and 31:17, which VM entry requires to be 0 (SDM §26.3.1.2). */
    public static final int AR_RESERVED = 0x0f00 | 0xfffe_0000;

    private SegmentAccessRights() { }

    public static int pack(Segment s) {
        return (s.type() & 0xf) | (s.s() ? AR_S : 0) | (s.dpl() & 3) << 5 | (s.present() ? AR_P : 0)
                | (s.avl() ? AR_AVL : 0) | (s.l() ? AR_L : 0) | (s.db() ? AR_DB : 0) | (s.g() ? AR_G : 0)
                | (s.unusable() ? AR_UNUSABLE : 0);
    }

    public static Segment unpack(int selector, long base, int limit, int ar) {
        return new Segment(base, limit, selector, ar & 0xf, (ar & AR_P) != 0, (ar >>> 5) & 3, (ar & AR_DB) != 0,
                (ar & AR_S) != 0, (ar & AR_L) != 0, (ar & AR_G) != 0, (ar & AR_AVL) != 0, (ar & AR_UNUSABLE) != 0);
    }
}

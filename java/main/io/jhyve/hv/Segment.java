package io.jhyve.hv;

/**
 * A segment register in its loaded (hidden) form: selector plus the descriptor cache
 * (SDM Vol. 3 §3.4.5 for the attribute bits).
 */
public record Segment(long base, int limit, int selector, int type, boolean present, int dpl,
                      boolean db, boolean s, boolean l, boolean g, boolean avl, boolean unusable) {

    /** A flat 64-bit code segment: type execute/read/accessed, L=1. */
    public static Segment code64(int selector) {
        return new Segment(0, 0xffff_ffff, selector, 0xb, true, 0, false, true, true, true, false, false);
    }

    /** A flat read/write data segment. */
    public static Segment data(int selector) {
        return new Segment(0, 0xffff_ffff, selector, 0x3, true, 0, true, true, false, true, false, false);
    }

    /** A 64-bit busy TSS (type 0xb), which VMX requires TR to hold even if the guest never uses it. */
    public static Segment tss(int selector, long base, int limit) {
        return new Segment(base, limit, selector, 0xb, true, 0, false, false, false, false, false, false);
    }

    @Override
    public String toString() {
        return String.format("sel=%04x base=%016x limit=%08x type=%x p=%d dpl=%d db=%d s=%d l=%d g=%d%s",
                selector, base, limit, type, present ? 1 : 0, dpl, db ? 1 : 0, s ? 1 : 0, l ? 1 : 0, g ? 1 : 0,
                unusable ? " unusable" : "");
    }
}

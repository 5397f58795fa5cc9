package io.jhyve.arch.x86;

import io.jhyve.hv.DescriptorTable;
import io.jhyve.hv.Segment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The boot GDT jhyve installs at {@link Layout#GDT}, and the hidden segment-register state that
 * matches each of its descriptors.
 *
 * <p>Selectors follow boot.rst ("64-bit Boot Protocol"): __BOOT_CS = 0x10 is a flat 64-bit code
 * segment and __BOOT_DS = 0x18 a flat read/write data segment. Slot 0x08 holds a flat 32-bit code
 * segment for the PVH entry, whose spec leaves the CS selector open. Slot 0x20 is a 16-byte
 * busy-TSS descriptor: VMX refuses to enter a guest whose TR is not a usable busy TSS, even though
 * nothing uses it before Linux loads its own.
 *
 * <p>Every descriptor has its accessed bit set: VM entry requires it for usable segments (SDM Vol. 3
 * §27.3.1.2), and it keeps the CPU from writing the bit into the GDT when a selector is loaded.
 */
public final class Gdt {
    public static final int CODE32 = 0x08;
    public static final int BOOT_CS = 0x10;
    public static final int BOOT_DS = 0x18;
    public static final int TSS = 0x20;

    /** The TSS limit: the 104-byte (0x68) 64-bit TSS of SDM Vol. 3 §8.7. */
    public static final int TSS_LIMIT = 0x67;

    /** Number of 8-byte slots; the TSS descriptor takes two. */
    public static final int SLOTS = 6;
    public static final int SIZE = SLOTS * 8;

    // Access byte bits (SDM Vol. 3 §3.4.5): P, DPL 0, S (code/data), type.
    private static final int P = 0x80, S = 0x10;
    private static final int TYPE_CODE_EXEC_READ_ACCESSED = 0xb, TYPE_DATA_RW_ACCESSED = 0x3,
            TYPE_TSS_BUSY = 0xb;
    // Flag nibble bits: G (4 KiB granularity), D/B (32-bit default size), L (64-bit code).
    private static final int G = 0x8, DB = 0x4, L = 0x2;

    private Gdt() { }

    /**
     * The TSS base: 0, as the PVH spec (Xen docs/misc/pvh.pandoc) prescribes for TR. The TSS is never
     * read before Linux loads its own TR: interrupts are off and nothing changes privilege level.
     */
    public static final long TSS_BASE = 0;

    /** The GDT's bytes, {@link #SIZE} long. */
    public static byte[] bytes() {
        long tssBase = TSS_BASE;
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0);
        b.putLong(descriptor(0, 0xfffff, P | S | TYPE_CODE_EXEC_READ_ACCESSED, G | DB));
        b.putLong(descriptor(0, 0xfffff, P | S | TYPE_CODE_EXEC_READ_ACCESSED, G | L));
        b.putLong(descriptor(0, 0xfffff, P | S | TYPE_DATA_RW_ACCESSED, G | DB));
        // A system descriptor in long mode is 16 bytes: the second half carries base[63:32].
        b.putLong(descriptor(tssBase, TSS_LIMIT, P | TYPE_TSS_BUSY, 0));
        b.putLong(tssBase >>> 32);
        return b.array();
    }

    /**
     * Encodes one 8-byte segment descriptor (SDM Vol. 3 §3.4.5, Figure 3-8): the limit is the raw
     * 20-bit field, {@code access} the byte at bits 40..47, {@code flags} the nibble at 52..55.
     */
    public static long descriptor(long base, int limit20, int access, int flags) {
        return (limit20 & 0xffffL)
                | (base & 0xffffffL) << 16
                | (long) (access & 0xff) << 40
                | (long) ((limit20 >>> 16) & 0xf) << 48
                | (long) (flags & 0xf) << 52
                | ((base >>> 24) & 0xffL) << 56;
    }

    /** GDTR for this table placed at {@code base}. */
    public static DescriptorTable register(long base) {
        return new DescriptorTable(base, SIZE - 1);
    }

    /** Flat 64-bit code, as loaded from {@link #BOOT_CS}. */
    public static Segment bootCode64() {
        return Segment.code64(BOOT_CS);
    }

    /** Flat 32-bit code, as loaded from {@link #CODE32}. */
    public static Segment code32() {
        return new Segment(0, 0xffff_ffff, CODE32, TYPE_CODE_EXEC_READ_ACCESSED, true, 0,
                true, true, false, true, false, false);
    }

    /** Flat read/write data, as loaded from {@link #BOOT_DS}. */
    public static Segment bootData() {
        return Segment.data(BOOT_DS);
    }

    /** TR as loaded from {@link #TSS}. */
    public static Segment tss() {
        return Segment.tss(TSS, TSS_BASE, TSS_LIMIT);
    }

    /** An LDTR holding the null selector: marked unusable, as after {@code lldt 0}. */
    public static Segment nullLdt() {
        return new Segment(0, 0, 0, 0x2, false, 0, false, false, false, false, false, true);
    }
}

package io.jhyve.arch.x86;

import io.jhyve.hv.Segment;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GdtTest {
    private static long slot(int selector) {
        return ByteBuffer.wrap(Gdt.bytes()).order(ByteOrder.LITTLE_ENDIAN).getLong(selector);
    }

    @Test
    void descriptorsHaveTheSdmEncodings() {
        assertEquals(48, Gdt.bytes().length);
        assertEquals(0, slot(0x00));
        assertEquals(0x00cf9b000000ffffL, slot(Gdt.CODE32));   // flat 32-bit code, G D
        assertEquals(0x00af9b000000ffffL, slot(Gdt.BOOT_CS));  // flat 64-bit code, G L
        assertEquals(0x00cf93000000ffffL, slot(Gdt.BOOT_DS));  // flat data, G B
        assertEquals(0x00008b0000000067L, slot(Gdt.TSS));      // busy TSS, limit 0x67
        assertEquals(0, slot(Gdt.TSS + 8));                    // base[63:32]
    }

    @Test
    void descriptorSplitsBaseAndLimitAcrossTheirFields() {
        assertEquals(0x12cf9a345678ffffL, Gdt.descriptor(0x12345678, 0xfffff, 0x9a, 0xc));
        assertEquals(0x0000890000000067L, Gdt.descriptor(0, 0x67, 0x89, 0));
    }

    @Test
    void gdtrCoversTheWholeTable() {
        assertEquals(0x500, Gdt.register(Layout.GDT).base());
        assertEquals(47, Gdt.register(Layout.GDT).limit());
    }

    @Test
    void hiddenSegmentStateMatchesTheDescriptors() {
        Segment cs = Gdt.bootCode64();
        assertEquals(Gdt.BOOT_CS, cs.selector());
        assertTrue(cs.l());
        assertFalse(cs.db());
        assertEquals(0xb, cs.type());
        Segment cs32 = Gdt.code32();
        assertEquals(Gdt.CODE32, cs32.selector());
        assertTrue(cs32.db());
        assertFalse(cs32.l());
        assertEquals(0xffff_ffff, cs32.limit());
        Segment ds = Gdt.bootData();
        assertEquals(Gdt.BOOT_DS, ds.selector());
        assertEquals(0x3, ds.type());
        Segment tr = Gdt.tss();
        assertEquals(Gdt.TSS, tr.selector());
        assertEquals(0x67, tr.limit());
        assertEquals(0xb, tr.type());
        assertFalse(tr.s());
        assertTrue(Gdt.nullLdt().unusable());
    }
}

package io.jhyve.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {
    @Test
    void littleEndianAccessesRoundTrip() {
        GuestMemory m = GuestMemory.onHeap(4096);
        m.writeU64(8, 0x1122334455667788L);
        assertEquals(0x88, m.readU8(8));
        assertEquals(0x7788, m.readU16(8));
        assertEquals(0x55667788L, m.readU32(8));
        assertEquals(0x1122334455667788L, m.readU64(8));
        m.write(100, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, m.read(100, 3));
    }

    @Test
    void accessesPastTheEndAreRefusedWithTheAddress() {
        GuestMemory m = GuestMemory.onHeap(4096);
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> m.readU32(4094));
        assertEquals("guest access of 4 byte(s) at gpa 0xffe is outside guest RAM (RAM: [0x0-0x1000))", e.getMessage());
        assertThrows(GuestMemoryException.class, () -> m.write(4090, new byte[7]));
        assertThrows(GuestMemoryException.class, () -> m.readU8(-1));
    }

    @Test
    void viewsShareGuestRamAndAreBoundsChecked() {
        for (GuestMemory m : List.of(GuestMemory.onHeap(4096), GuestMemory.allocate(1 << 20))) {
            try (m) {
                java.nio.ByteBuffer v = m.view(100, 8);
                assertEquals(8, v.remaining());
                v.put(0, (byte) 0x5a);
                assertEquals(0x5a, m.readU8(100));
                m.writeU8(107, 0xa5);
                assertEquals((byte) 0xa5, v.get(7));
                long end = m.ramSize();
                assertThrows(GuestMemoryException.class, () -> m.view(end - 4, 8));
                assertThrows(IllegalArgumentException.class, () -> m.view(0, -1));
            }
        }
    }

    @Test
    void overflowingAddressesAreRefused() {
        GuestMemory m = GuestMemory.onHeap(4096);
        // gpa + len wraps around 2^64: a naive "gpa + len <= end" check would accept it.
        assertThrows(GuestMemoryException.class, () -> m.fill(0xffff_ffff_ffff_fff0L, 0x20, 0));
        assertThrows(GuestMemoryException.class, () -> m.fill(16, Long.MAX_VALUE, 0));
        assertFalse(m.isRam(0xffff_ffff_ffff_ffffL, 2));
    }

    @Test
    void accessesAcrossTwoRegionsAreRefused() {
        GuestMemory m = new GuestMemory(List.of(new MemoryRegion(0, new HeapHostMemory(4096)),
                new MemoryRegion(4096, new HeapHostMemory(4096))));
        assertTrue(m.isRam(4092, 4));
        assertThrows(GuestMemoryException.class, () -> m.readU64(4092));
        assertEquals(8192, m.ramSize());
    }

    @Test
    void ramAboveThreeGibContinuesAtFourGib() {
        List<long[]> r = RamLayout.ranges(3584L << 20);
        assertEquals(2, r.size());
        assertArrayEquals(new long[] {0, 0xC000_0000L}, r.get(0));
        assertArrayEquals(new long[] {0x1_0000_0000L, 512L << 20}, r.get(1));
        assertEquals(1, RamLayout.ranges(128L << 20).size());
    }

    @Test
    void nativeMemoryIsLazyAndZeroed() {
        // 8 GiB with MAP_NORESERVE: costs nothing until touched.
        try (GuestMemory m = GuestMemory.allocate(8L << 30)) {
            assertEquals(8L << 30, m.ramSize());
            assertEquals(0, m.readU64(0x1_0000_0000L + 4096));
            m.writeU32(0x1_2345_6000L, 0xdeadbeefL);
            assertEquals(0xdeadbeefL, m.readU32(0x1_2345_6000L));
            assertThrows(GuestMemoryException.class, () -> m.readU8(0xD000_0000L));
        }
    }
}

package io.jhyve.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * NativeHostMemory reads and writes through one buffer per 1 GiB chunk: accesses on either side of
 * a chunk boundary and across it must see the same little-endian bytes. The mapping is
 * MAP_NORESERVE, so only the few pages touched here cost the host anything.
 */
@EnabledOnOs(OS.LINUX)
class NativeHostMemoryTest {
    private static final long GIB = 1L << 30;
    private NativeHostMemory mem;

    @BeforeEach
    void map() { mem = NativeHostMemory.allocate(GIB + 8192); }

    @AfterEach
    void unmap() { mem.close(); }

    @Test
    void multiByteAccessesAcrossTheChunkBoundaryAreLittleEndian() {
        mem.putLong(GIB - 3, 0x0807060504030201L);
        for (int i = 0; i < 8; i++) assertEquals(i + 1, mem.getByte(GIB - 3 + i));
        assertEquals(0x0807060504030201L, mem.getLong(GIB - 3));
        assertEquals(0x05040302, mem.getInt(GIB - 2));
        assertEquals((short) 0x0403, mem.getShort(GIB - 1));

        mem.putInt(GIB - 1, 0xddccbbaa);
        mem.putShort(GIB - 1 + 4, (short) 0xffee);
        assertEquals(0xffeeddccbbaaL, mem.getLong(GIB - 1) & 0xffff_ffff_ffffL);
    }

    @Test
    void accessesInsideEitherChunkUseTheRightBuffer() {
        mem.putLong(GIB - 8, -2L);
        mem.putLong(GIB, 0x1122334455667788L);
        mem.putInt(GIB + 8188, 42);
        assertEquals(-2L, mem.getLong(GIB - 8));
        assertEquals(0x1122334455667788L, mem.getLong(GIB));
        assertEquals(42, mem.getInt(GIB + 8188));
        assertEquals(0, mem.getLong(0));
    }

    @Test
    void bulkCopiesSplitAtTheChunkBoundary() {
        byte[] src = new byte[300];
        for (int i = 0; i < src.length; i++) src[i] = (byte) (i * 7);
        mem.put(GIB - 100, src, 50, 250);
        byte[] back = new byte[260];
        mem.get(GIB - 105, back, 5, 255);
        byte[] want = new byte[260];
        System.arraycopy(src, 50, want, 10, 250);
        assertArrayEquals(want, back);
    }

    @Test
    void fillCrossesTheChunkBoundary() {
        mem.fill(GIB - 4, 8, (byte) 0x5a);
        assertEquals(0x5a5a5a5a5a5a5a5aL, mem.getLong(GIB - 4));
        assertEquals(0, mem.getByte(GIB - 5));
        assertEquals(0, mem.getByte(GIB + 4));
    }

    @Test
    void viewsInsideAChunkAndAcrossTheBoundaryShareTheMemory() {
        for (long at : new long[] {GIB - 4096, GIB - 8, GIB + 16}) {
            java.nio.ByteBuffer view = mem.view(at, 16);
            assertEquals(16, view.remaining());
            view.put(0, (byte) 0x11).put(15, (byte) 0x22);
            assertEquals(0x11, mem.getByte(at));
            assertEquals(0x22, mem.getByte(at + 15));
        }
    }

    /** Guest RAM stays out of jhyve's core dumps: the mapping carries VmFlags "dd" (proc(5), smaps). */
    @Test
    void guestRamIsLeftOutOfCoreDumps() throws Exception {
        String start = Long.toHexString(mem.hostAddress());
        List<String> smaps = Files.readAllLines(Path.of("/proc/self/smaps"));
        int at = -1;
        for (int i = 0; i < smaps.size() && at < 0; i++) if (smaps.get(i).startsWith(start + "-")) at = i;
        assertTrue(at >= 0, "no mapping at 0x" + start);
        String flags = smaps.stream().skip(at).filter(l -> l.startsWith("VmFlags:")).findFirst().orElseThrow();
        assertTrue(List.of(flags.substring(8).trim().split(" ")).contains("dd"), flags);
    }
}

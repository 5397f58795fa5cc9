package io.jhyve.devices.virtio;

import static org.junit.jupiter.api.Assertions.*;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class VirtioRngTest {
    private final TestDriver d = new TestDriver(new VirtioRng(new SecureRandom())).start();

    @Test
    void fillsWritableBuffersWithRandomBytes() {
        TestDriver.Buf a = d.in(32);
        TestDriver.Buf b = d.in(32);
        d.submit(0, a, b);
        assertArrayEquals(new long[] {0, 64}, d.usedElem(0, 0));
        byte[] first = d.mem.read(a.addr(), 32);
        byte[] second = d.mem.read(b.addr(), 32);
        assertFalse(java.util.Arrays.equals(first, second), "two 32-byte draws are not equal");
        long ee = 0;
        for (byte x : first) if (x == (byte) 0xee) ee++;
        assertTrue(ee < 8, "the 0xee fill was overwritten");
    }

    @Test
    void aHugeRequestIsCapped() {
        TestDriver.Buf big = d.in(1 << 20);
        d.submit(0, big);
        assertEquals(VirtioRng.MAX_BYTES_PER_REQUEST, d.usedElem(0, 0)[1]);
    }

    @Test
    void readableOnlyChainsGetNothing() {
        d.submit(0, d.out(new byte[16]));
        assertArrayEquals(new long[] {0, 0}, d.usedElem(0, 0));
        assertFalse(d.needsReset());
    }
}

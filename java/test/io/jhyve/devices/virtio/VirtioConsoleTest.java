package io.jhyve.devices.virtio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VirtioConsoleTest {
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final VirtioConsole console = new VirtioConsole(sink);
    private final TestDriver d = new TestDriver(console);

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    @Test
    void transmitqBytesReachTheSink() {
        d.start();
        d.submit(VirtioConsole.TRANSMITQ, d.out(ascii("hello ")), d.out(ascii("hvc0\n")));
        assertEquals("hello hvc0\n", sink.toString(StandardCharsets.US_ASCII));
        assertEquals(1, d.usedIdx(VirtioConsole.TRANSMITQ));
        assertArrayEquals(new long[] {0, 0}, d.usedElem(VirtioConsole.TRANSMITQ, 0), "nothing written back");
    }

    @Test
    void emergencyWriteReachesTheSink() {
        assertTrue(VirtioFeatures.has(d.deviceFeatures(), VirtioConsole.VIRTIO_CONSOLE_F_EMERG_WRITE));
        d.transport.write(VirtioMmioRegisters.VIRTIO_MMIO_CONFIG + VirtioConsole.EMERG_WR, 4, 'X');
        assertEquals("X", sink.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void inputWaitsForAReceiveBufferThenFillsIt() throws Exception {
        d.start();
        console.receive(ascii("ls\n"));
        assertEquals(0, d.usedIdx(VirtioConsole.RECEIVEQ), "no buffer yet");
        TestDriver.Buf buf = d.in(64);
        d.submit(VirtioConsole.RECEIVEQ, buf);
        assertEquals(1, d.usedIdx(VirtioConsole.RECEIVEQ));
        assertArrayEquals(new long[] {0, 3}, d.usedElem(VirtioConsole.RECEIVEQ, 0));
        assertEquals("ls\n", new String(d.mem.read(buf.addr(), 3), StandardCharsets.US_ASCII));
        assertEquals(VirtioStatus.VIRTIO_MMIO_INT_VRING, d.reg(VirtioMmioRegisters.VIRTIO_MMIO_INTERRUPT_STATUS));
    }

    @Test
    void inputLongerThanABufferSpreadsOverSeveral() throws Exception {
        d.start();
        TestDriver.Buf a = d.in(2);
        TestDriver.Buf b = d.in(8);
        d.submit(VirtioConsole.RECEIVEQ, a);
        d.submit(VirtioConsole.RECEIVEQ, b);
        console.receive(ascii("abcde"));
        assertEquals(2, d.usedIdx(VirtioConsole.RECEIVEQ));
        assertEquals("ab", new String(d.mem.read(a.addr(), 2), StandardCharsets.US_ASCII));
        assertEquals("cde", new String(d.mem.read(b.addr(), 3), StandardCharsets.US_ASCII));
    }

    @Test
    void aHostileTransmitChainNeedsResetAndWritesNothing() {
        d.start();
        d.writeDesc(TestDriver.desc(VirtioConsole.TRANSMITQ), 0, TestDriver.RAM - 4, 8, 0, 0);
        d.publish(VirtioConsole.TRANSMITQ, 0);
        d.kick(VirtioConsole.TRANSMITQ);
        assertTrue(d.needsReset());
        assertEquals(0, sink.size());
    }
}

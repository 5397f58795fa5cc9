package io.jhyve.console;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AsyncOutputStreamTest {
    @Test
    void deliversEverythingInOrder() throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        AsyncOutputStream out = new AsyncOutputStream("t", target, 16, AsyncOutputStream.WhenFull.WAIT);
        for (int i = 0; i < 1000; i++) out.write(i);
        out.flush();
        byte[] got = target.toByteArray();
        assertEquals(1000, got.length);
        for (int i = 0; i < 1000; i++) assertEquals((byte) i, got[i]);
        out.close();
    }

    @Test
    void dropModeCountsWhatDidNotFit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override public void write(int b) { }

            @Override public void write(byte[] b, int off, int len) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AsyncOutputStream out = new AsyncOutputStream("t", stuck, 4, AsyncOutputStream.WhenFull.DROP);
        for (int i = 0; i < 100; i++) out.write(i);
        assertTrue(out.droppedBytes() >= 100 - 8, "at most the buffer plus one chunk in flight was kept");
        release.countDown();
        out.close();
    }

    @Test
    void targetFailureSurfacesOnLaterWrites() throws Exception {
        AsyncOutputStream out = new AsyncOutputStream("t", new OutputStream() {
            @Override public void write(int b) throws IOException { throw new IOException("Broken pipe"); }
        }, 16, AsyncOutputStream.WhenFull.WAIT);
        out.write('a');
        IOException e = assertThrows(IOException.class, out::flush);
        assertEquals("Broken pipe", e.getMessage());
        assertThrows(IOException.class, () -> out.write('b'));
    }
}

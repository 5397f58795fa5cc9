package io.jhyve.console;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsoleInputPumpTest {
    private final ByteArrayOutputStream delivered = new ByteArrayOutputStream();
    private final ByteArrayOutputStream help = new ByteArrayOutputStream();

    private synchronized void deliver(byte[] data) {
        delivered.writeBytes(data);
    }

    @Test
    void filtersAndDeliversUntilEndOfInput() throws InterruptedException {
        ByteArrayInputStream in = new ByteArrayInputStream("ab\u0001hcd\u0001\u0001e".getBytes());
        ConsoleInputPump pump = new ConsoleInputPump(in, this::deliver, () -> fail("no quit typed"),
                new PrintStream(help, true)).start();
        pump.awaitDrained(5000);
        assertArrayEquals(new byte[] {'a', 'b', 'c', 'd', 1, 'e'}, delivered.toByteArray());
        assertEquals(EscapeFilter.HELP_TEXT, help.toString());
    }

    @Test
    void ctrlAxCallsQuitAndStopsReading() throws InterruptedException {
        CountDownLatch quit = new CountDownLatch(1);
        ByteArrayInputStream in = new ByteArrayInputStream("ok\u0001xignored".getBytes());
        ConsoleInputPump pump = new ConsoleInputPump(in, this::deliver, quit::countDown,
                new PrintStream(help, true)).start();
        assertTrue(quit.await(5, TimeUnit.SECONDS));
        Thread.sleep(50);
        pump.close();
        assertEquals("ok", delivered.toString());
    }

    @Test
    void quitWorksWhileTheGuestIgnoresInput() throws InterruptedException {
        CountDownLatch quit = new CountDownLatch(1);
        ByteArrayInputStream in = new ByteArrayInputStream("stuck\u0001x".getBytes());
        ConsoleInputPump pump = new ConsoleInputPump(in, data -> Thread.sleep(Long.MAX_VALUE), quit::countDown,
                new PrintStream(help, true)).start();
        assertTrue(quit.await(5, TimeUnit.SECONDS), "a blocked consumer must not hold up Ctrl-A x");
        pump.close();
    }
}

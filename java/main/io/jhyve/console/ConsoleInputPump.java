package io.jhyve.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Carries keystrokes from a host input stream (stdin or a pty master) to the guest's UART.
 *
 * <p>Two daemon threads: a reader that reads, runs the bytes through an {@link EscapeFilter} and acts
 * on Ctrl-A commands at once (quit, help), and a feeder that hands the remaining bytes to the
 * {@link InputConsumer}, which may block while the guest is not reading (the UART's back-pressure).
 * The queue between them holds {@value #QUEUE_CHUNKS} reads, so Ctrl-A x still works while the guest
 * ignores its input, until that much typing has piled up.
 */
public final class ConsoleInputPump implements AutoCloseable {
    /** Where filtered input goes; {@code Uart16550::receive} fits. */
    @FunctionalInterface
    public interface InputConsumer {
        void accept(byte[] data) throws InterruptedException;
    }

    static final int QUEUE_CHUNKS = 256;
    private static final byte[] END = new byte[0];

    private final InputStream in;
    private final InputConsumer consumer;
    private final Runnable onQuit;
    private final Runnable onPowerButton;
    private final PrintStream helpOut;
    private final EscapeFilter filter = new EscapeFilter();
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final Thread reader;
    private final Thread feeder;

    /**
     * @param in host input
     * @param consumer receives the guest's share of the input, in order
     * @param onQuit run (on the reader thread) when the user types Ctrl-A x
     * @param helpOut where Ctrl-A h prints {@link EscapeFilter#HELP_TEXT}
     */
    public ConsoleInputPump(InputStream in, InputConsumer consumer, Runnable onQuit, PrintStream helpOut) {
        this(in, consumer, onQuit, () -> { }, helpOut);
    }

    /**
     * As above, with {@code onPowerButton} run (on the reader thread) when the user types Ctrl-A q;
     * input keeps flowing afterwards, since the guest may want to say goodbye.
     */
    public ConsoleInputPump(InputStream in, InputConsumer consumer, Runnable onQuit, Runnable onPowerButton,
                            PrintStream helpOut) {
        this.in = in;
        this.consumer = consumer;
        this.onQuit = onQuit;
        this.onPowerButton = onPowerButton;
        this.helpOut = helpOut;
        this.reader = new Thread(this::readLoop, "jhyve-console-reader");
        this.feeder = new Thread(this::feedLoop, "jhyve-console-feeder");
        reader.setDaemon(true);
        feeder.setDaemon(true);
    }

    public ConsoleInputPump start() {
        feeder.start();
        reader.start();
        return this;
    }

    /** Stops both threads. A reader blocked in a read of stdin stays parked until input or exit. */
    @Override
    public void close() {
        reader.interrupt();
        feeder.interrupt();
    }

    /** Waits for the feeder to deliver everything read before end of input (for tests and shutdown). */
    public void awaitDrained(long millis) throws InterruptedException {
        feeder.join(millis);
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!dispatch(buf, n)) return;
            }
        } catch (IOException e) {
            helpOut.print("\r\njhyve: console input stopped: " + e.getMessage() + "\r\n");
        } catch (InterruptedException e) {
            return;
        }
        queue.offer(END);
    }

    /** False once the user asked to quit. */
    private boolean dispatch(byte[] buf, int n) throws InterruptedException {
        int off = 0;
        while (off < n) {
            EscapeFilter.Result r = filter.filter(buf, off, n - off);
            off += r.consumed();
            if (r.passOn().length > 0) queue.put(r.passOn());
            switch (r.event()) {
                case QUIT -> {
                    onQuit.run();
                    return false;
                }
                case POWER_BUTTON -> onPowerButton.run();
                case HELP -> {
                    helpOut.print(EscapeFilter.HELP_TEXT);
                    helpOut.flush();
                }
                case NONE -> { }
            }
        }
        return true;
    }

    private void feedLoop() {
        try {
            while (true) {
                byte[] chunk = queue.take();
                if (chunk == END) return;
                consumer.accept(chunk);
            }
        } catch (InterruptedException e) {
            // close(): stop delivering
        }
    }
}

package io.jhyve.console;

import java.io.ByteArrayOutputStream;

/**
 * The console's escape key, as QEMU's character-device multiplexer has it: Ctrl-A starts a command,
 * Ctrl-A x quits, Ctrl-A q asks the guest to shut down (the ACPI power button), Ctrl-A h prints
 * help, Ctrl-A Ctrl-A sends one Ctrl-A to the guest. Ctrl-A followed
 * by anything else passes both bytes on, so nothing typed is lost. The escape may straddle reads.
 *
 * <p>Pure and single-threaded: feed it what stdin yields and act on the {@link Result}.
 */
public final class EscapeFilter {
    /** Ctrl-A. */
    public static final int ESCAPE = 0x01;

    /** Printed for Ctrl-A h; CR LF because the terminal is in raw mode. */
    public static final String HELP_TEXT = "\r\nC-a h    print this help\r\n"
            + "C-a x    exit jhyve\r\n"
            + "C-a q    press the power button: the guest shuts down, or is stopped after the grace period\r\n"
            + "C-a C-a  send C-a to the guest\r\n";

    /** What a key sequence asks of the console, beyond passing bytes on. */
    public enum Event { NONE, QUIT, POWER_BUTTON, HELP }

    /**
     * The outcome of one {@link #filter} call: the bytes for the guest, then the event that stopped
     * the scan, and how many input bytes were consumed (less than offered only when an event occurred;
     * call again with the rest).
     */
    public record Result(byte[] passOn, Event event, int consumed) { }

    private boolean escapePending;

    /** Scans {@code buf[off, off+len)} up to and including the first command. */
    public Result filter(byte[] buf, int off, int len) {
        ByteArrayOutputStream pass = new ByteArrayOutputStream(len);
        for (int i = 0; i < len; i++) {
            int b = buf[off + i] & 0xff;
            if (!escapePending) {
                if (b == ESCAPE) escapePending = true;
                else pass.write(b);
                continue;
            }
            escapePending = false;
            switch (b) {
                case 'x', 'X' -> { return new Result(pass.toByteArray(), Event.QUIT, i + 1); }
                case 'q', 'Q' -> { return new Result(pass.toByteArray(), Event.POWER_BUTTON, i + 1); }
                case 'h', 'H', '?' -> { return new Result(pass.toByteArray(), Event.HELP, i + 1); }
                case ESCAPE -> pass.write(ESCAPE);
                default -> {
                    pass.write(ESCAPE);
                    pass.write(b);
                }
            }
        }
        return new Result(pass.toByteArray(), Event.NONE, len);
    }

    /** True while a Ctrl-A has been seen and its command byte has not. */
    public boolean escapePending() { return escapePending; }
}

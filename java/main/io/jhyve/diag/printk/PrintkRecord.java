package io.jhyve.diag.printk;

/**
 * One kernel log record recovered from guest RAM. {@code text} has had control characters other
 * than newline and tab replaced by '?': it comes from an untrusted guest and goes to a terminal.
 *
 * @param level the syslog level (0 emerg .. 7 debug)
 */
public record PrintkRecord(long seq, long tsNanos, int level, String text) {
    /** The record as dmesg shows it: {@code [    1.234567] text}, one prefix per line of text. */
    public String format() {
        String prefix = String.format("[%5d.%06d] ", Long.divideUnsigned(tsNanos, 1_000_000_000L),
                Long.remainderUnsigned(tsNanos, 1_000_000_000L) / 1000);
        return prefix + text.replace("\n", "\n" + prefix);
    }
}

package io.jhyve.boot;

import io.jhyve.arch.x86.Layout;
import io.jhyve.boot.BootProtocolException.Rule;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The kernel command line as the bytes jhyve writes at {@link Layout#CMDLINE}: UTF-8, without the
 * terminating NUL, checked against the kernel's limit (boot.rst "cmdline_size": "the maximum size
 * of the command line without the terminating zero") and the room jhyve reserves for it.
 */
public record CommandLine(byte[] bytes) {
    /** Checks {@code text} against {@code cmdlineSize}, or only against jhyve's area when it is -1. */
    static CommandLine of(String text, long cmdlineSize) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                throw new BootProtocolException(Rule.CMDLINE_SIZE, null, String.format(
                        "command line contains a NUL character at byte %d, which would end it there", i));
            }
        }
        if (cmdlineSize >= 0 && b.length > cmdlineSize) {
            throw new BootProtocolException(Rule.CMDLINE_SIZE, null, String.format(
                    "command line of %d bytes exceeds the kernel's cmdline_size %d", b.length, cmdlineSize));
        }
        if (b.length + 1 > Layout.CMDLINE_MAX) {
            throw new BootProtocolException(Rule.CMDLINE_SIZE, null, String.format(
                    "command line of %d bytes exceeds jhyve's command-line area of %d bytes",
                    b.length, Layout.CMDLINE_MAX - 1));
        }
        return new CommandLine(b);
    }

    public int length() { return bytes.length; }

    /** The bytes with the terminating NUL the kernel expects. */
    public byte[] withNul() { return Arrays.copyOf(bytes, bytes.length + 1); }

    public String text() { return new String(bytes, StandardCharsets.UTF_8); }
}

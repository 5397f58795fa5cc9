package io.jhyve.console;

import java.nio.file.Path;

/**
 * Where the serial console goes, as the user writes it in the configuration: {@code stdio},
 * {@code file:PATH}, {@code pty} or {@code none}.
 */
public sealed interface ConsoleSpec {
    /** The terminal jhyve runs in: guest output to stdout, keystrokes from stdin (raw mode if a tty). */
    record Stdio() implements ConsoleSpec { }

    /**
     * Guest output to a file, truncated when the run starts so that the file holds exactly one boot's
     * log (as QEMU's {@code -serial file:} does); the guest gets no input.
     */
    record ToFile(Path path) implements ConsoleSpec { }

    /** A new pseudo-terminal; jhyve prints its path for the user to attach to. */
    record PseudoTerminal() implements ConsoleSpec { }

    /** No console: output discarded, no input. */
    record None() implements ConsoleSpec { }

    String FILE_PREFIX = "file:";

    /** Parses a configuration value; the message quotes the value and lists the accepted forms. */
    static ConsoleSpec parse(String value) {
        if (value.startsWith(FILE_PREFIX)) {
            String path = value.substring(FILE_PREFIX.length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("console \"" + value + "\" needs a path after \"file:\"");
            }
            return new ToFile(Path.of(path));
        }
        return switch (value) {
            case "stdio" -> new Stdio();
            case "pty" -> new PseudoTerminal();
            case "none" -> new None();
            default -> throw new IllegalArgumentException(
                    "unknown console \"" + value + "\": expected stdio, file:PATH, pty or none");
        };
    }
}

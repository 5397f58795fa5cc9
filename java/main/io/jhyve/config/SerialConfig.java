package io.jhyve.config;

import java.nio.file.Path;

/**
 * Where the guest's COM1 goes. Spelled in config as {@code "stdio"}, {@code "pty"},
 * {@code "file:PATH"} or {@code "none"}.
 */
public sealed interface SerialConfig {
    record Stdio() implements SerialConfig {
        @Override public String toString() { return "stdio"; }
    }

    record Pty() implements SerialConfig {
        @Override public String toString() { return "pty"; }
    }

    record File(Path path) implements SerialConfig {
        @Override public String toString() { return "file:" + path; }
    }

    record None() implements SerialConfig {
        @Override public String toString() { return "none"; }
    }

    /** Parses the config spelling; relative file paths resolve against {@code base}. */
    static SerialConfig parse(String source, String key, String text, Path base) {
        if (text == null || text.equals("stdio")) return new Stdio();
        if (text.equals("pty")) return new Pty();
        if (text.equals("none")) return new None();
        if (text.startsWith("file:") && text.length() > 5) return new File(ConfigLoader.resolve(text.substring(5), base));
        throw new ConfigException(source, key, "value \"" + text
                + "\" is not a serial console: use \"stdio\", \"pty\", \"file:PATH\" or \"none\"");
    }
}

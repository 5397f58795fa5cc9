package io.jhyve.config;

import io.jhyve.JhyveException;

/**
 * A config file or command-line value that breaks a rule. Names the source (file or "command line"),
 * the key, the offending value and the rule, e.g.
 * {@code configs/demo.json: key "cpus": value 0 is out of range (1 to 255)}.
 */
public final class ConfigException extends JhyveException {
    private final String source;
    private final String key;

    public ConfigException(String source, String key, String rule) {
        super(source + ": " + (key == null ? "" : "key \"" + key + "\": ") + rule);
        this.source = source;
        this.key = key;
    }

    public ConfigException(String source, String key, String rule, Throwable cause) {
        super(source + ": " + (key == null ? "" : "key \"" + key + "\": ") + rule, cause);
        this.source = source;
        this.key = key;
    }

    public String source() { return source; }

    public String key() { return key; }
}

package io.jhyve.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel's .config: {@code CONFIG_X=y}, {@code =m}, {@code ="string"} or a number, and
 * {@code # CONFIG_X is not set} (Documentation/kbuild/kconfig.rst). A kernel built with
 * CONFIG_IKCONFIG carries its own, gzip'd between the markers "IKCFG_ST" and "IKCFG_ED"
 * (kernel/configs.c), which {@link #extract} finds in a decompressed vmlinux.
 */
public final class KernelConfig {
    /** What the config says of one bool or tristate option. */
    public enum Tristate {
        /** =y: built into the kernel. */
        BUILT_IN,
        /** =m: a loadable module, which must be in the initramfs or root file system to be used. */
        MODULE,
        /** "# CONFIG_X is not set". */
        NOT_SET,
        /** Not in the config at all: its dependencies are off, so it is off too. */
        ABSENT
    }

    static final byte[] IKCFG_ST = "IKCFG_ST".getBytes(StandardCharsets.US_ASCII);
    static final byte[] IKCFG_ED = "IKCFG_ED".getBytes(StandardCharsets.US_ASCII);
    /** Far above any real .config (a few hundred KiB). */
    private static final long CONFIG_LIMIT = 16L << 20;

    private static final Pattern SET = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
    private static final Pattern UNSET = Pattern.compile("^# (CONFIG_[A-Za-z0-9_]+) is not set$");

    private final Map<String, String> values;

    private KernelConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Parses .config text; lines that are neither an assignment nor a "not set" comment are ignored. */
    public static KernelConfig parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            Matcher set = SET.matcher(l);
            if (set.matches()) {
                values.put(set.group(1), set.group(2));
                continue;
            }
            Matcher unset = UNSET.matcher(l);
            if (unset.matches()) values.put(unset.group(1), "n");
        }
        return new KernelConfig(values);
    }

    /**
     * The config embedded in {@code vmlinux} by CONFIG_IKCONFIG, or empty if it has none. Throws
     * if the markers are there but the gzip stream between them is broken.
     */
    public static Optional<KernelConfig> extract(byte[] vmlinux) throws IOException {
        int start = ByteSearch.indexOf(vmlinux, IKCFG_ST, 0);
        if (start < 0) return Optional.empty();
        int data = start + IKCFG_ST.length;
        int end = ByteSearch.indexOf(vmlinux, IKCFG_ED, data);
        if (end < 0) throw new IOException("embedded config: IKCFG_ST at offset " + start + " has no IKCFG_ED after it");
        byte[] text = Decompressor.decompress(PayloadCompression.GZIP, vmlinux, data, end - data, CONFIG_LIMIT);
        return Optional.of(parse(new String(text, StandardCharsets.UTF_8)));
    }

    /** The state of a bool or tristate option, e.g. {@code tristate("CONFIG_VIRTIO_BLK")}. */
    public Tristate tristate(String symbol) {
        String v = values.get(symbol);
        if (v == null) return Tristate.ABSENT;
        switch (v) {
            case "y": return Tristate.BUILT_IN;
            case "m": return Tristate.MODULE;
            default: return Tristate.NOT_SET;
        }
    }

    /** The raw value of an option ("y", "m", "n" for not set, a quoted string or a number), if present. */
    public Optional<String> value(String symbol) {
        return Optional.ofNullable(values.get(symbol));
    }

    /** How many options the config mentions. */
    public int size() { return values.size(); }
}

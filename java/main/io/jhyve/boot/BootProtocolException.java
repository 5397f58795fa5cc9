package io.jhyve.boot;

/**
 * A kernel, initrd or command line that jhyve cannot boot, with a message naming the file, the
 * field and value at fault and the rule of the boot protocol (Documentation/arch/x86/boot.rst, or
 * the PVH ABI) it breaks. Unchecked: there is nothing to retry, only a message to show.
 */
public final class BootProtocolException extends io.jhyve.JhyveException {
    /** The rule a kernel or boot request broke; lets callers and tests tell failures apart. */
    public enum Rule {
        BOOT_FLAG, HDRS_MAGIC, SETUP_HEADER, PROTOCOL_VERSION, LOADED_HIGH, KERNEL_64, TRUNCATED, SYSSIZE,
        ELF_FORMAT, PVH_NOTE, RAM_LAYOUT, KERNEL_FIT, CMDLINE_SIZE, INITRD_FIT
    }

    private final Rule rule;

    /** {@code source} (a display name, or null) prefixes the message as {@code "source: detail"}. */
    public BootProtocolException(Rule rule, String source, String detail) {
        super(source == null || source.isEmpty() ? detail : source + ": " + detail);
        this.rule = rule;
    }

    public Rule rule() { return rule; }
}

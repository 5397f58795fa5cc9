package io.jhyve.vmm;

/**
 * What the guest printed on its console during a run, as far as a verdict needs it.
 *
 * @param lastLine         the last non-empty line, control characters replaced, at most 160 chars
 * @param userspaceStarted whether the userspace marker appeared
 */
public record ConsoleFacts(long bytes, long lines, String lastLine, boolean userspaceStarted) {
    public static ConsoleFacts none() { return new ConsoleFacts(0, 0, "", false); }
}

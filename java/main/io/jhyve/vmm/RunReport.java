package io.jhyve.vmm;

import java.util.List;

/**
 * What a finished run prints on stderr, in order, and its exit status. The last line is the closing
 * line; the ones before it (timeline, recovered kernel log, registers, statistics) support it.
 */
public record RunReport(List<String> lines, int exitStatus, Verdict verdict) {
    public String closingLine() { return lines.get(lines.size() - 1); }
}

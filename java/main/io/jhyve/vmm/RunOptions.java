package io.jhyve.vmm;

/**
 * How to run, as opposed to what machine to build.
 *
 * @param timings    print boot milestones on stderr
 * @param debugPorts log each access no device handles
 */
public record RunOptions(boolean timings, boolean debugPorts) {
    public static RunOptions defaults() { return new RunOptions(false, false); }
}

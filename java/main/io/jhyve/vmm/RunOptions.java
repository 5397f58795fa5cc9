package io.jhyve.vmm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run, as opposed to what machine to build.
 *
 * @param timings          print boot milestones on stderr as they happen
 * @param debugPorts       log each access no device handles
 * @param silenceSeconds   end the run after this long without console output (0: never)
 * @param debugBoot        log each unhandled access once with the guest RIP (the kernel command
 *                         line additions are the CLI's part of --debug-boot)
 * @param stats            report exits by kind and address, and guest versus VMM time
 * @param dumpLog          write the kernel log recovered from guest RAM to this file
 * @param userspaceMarker  console text that marks the start of userspace on the timeline
 */
public record RunOptions(boolean timings, boolean debugPorts, int silenceSeconds, boolean debugBoot, boolean stats,
                         Optional<Path> dumpLog, String userspaceMarker) {
    /** What Linux prints when it starts init ("Run /init as init process", init/main.c). */
    public static final String KERNEL_INIT_MARKER = " as init process";

    public RunOptions(boolean timings, boolean debugPorts) {
        this(timings, debugPorts, 0, false, false, Optional.empty(), KERNEL_INIT_MARKER);
    }

    public static RunOptions defaults() { return new RunOptions(false, false); }
}

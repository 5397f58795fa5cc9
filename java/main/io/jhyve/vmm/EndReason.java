package io.jhyve.vmm;

/**
 * Why a run ended: one line for the user and the process exit status. Each kind of end has its own
 * exit status (README, "Exit status and the closing line"), so a script can tell a reboot from a
 * triple fault without parsing text; a power-off through the debug-exit port carries the guest's
 * own status instead, and signals use the shell convention 128 + signal.
 *
 * @param registerDump the vCPU state when it ended, for failures; empty otherwise
 */
public record EndReason(Kind kind, String message, int exitStatus, String registerDump) {
    /** The kinds of end, each with its exit status. */
    public enum Kind {
        POWER_OFF(0), VMM_ERROR(1), INTERNAL_ERROR(1), GUEST_RESET(3), TRIPLE_FAULT(4), ENTRY_FAILURE(5),
        SILENT(6), HALTED(7), USER_QUIT(8), SIGNAL(130);

        private final int exitStatus;

        Kind(int exitStatus) {
            this.exitStatus = exitStatus;
        }

        /** The exit status for this kind (a power-off or signal may carry its own). */
        public int exitStatus() { return exitStatus; }
    }

    /** Bad input (config, flags, kernel, initrd): the run never started. */
    public static final int EXIT_BAD_INPUT = 2;

    public static EndReason of(Kind kind, String message) {
        return new EndReason(kind, message, kind.exitStatus(), "");
    }

    public static EndReason of(Kind kind, String message, int exitStatus) {
        return new EndReason(kind, message, exitStatus, "");
    }

    public EndReason withRegisterDump(String dump) {
        return new EndReason(kind, message, exitStatus, dump);
    }

    /** The closing line jhyve prints on stderr when nothing more is known than the reason itself. */
    public String line() {
        return "jhyve: " + message + " (exit status " + exitStatus + ")";
    }
}

package io.jhyve.vmm;

/**
 * Why a run ended: one line for the user and the process exit status. Exit statuses: 0 when the
 * guest itself ended the run (reset, triple fault, power-off without a status), the guest's status
 * for a debug-exit or power-off with one, 1 when the VMM or hypervisor failed, 130/143 for SIGINT
 * and SIGTERM (the shell convention 128 + signal).
 *
 * @param registerDump the vCPU state when it ended, for failures; empty otherwise
 */
public record EndReason(Kind kind, String message, int exitStatus, String registerDump) {
    public enum Kind {
        GUEST_RESET, TRIPLE_FAULT, POWER_OFF, USER_QUIT, SIGNAL, ENTRY_FAILURE, INTERNAL_ERROR, VMM_ERROR
    }

    public static EndReason of(Kind kind, String message, int exitStatus) {
        return new EndReason(kind, message, exitStatus, "");
    }

    public EndReason withRegisterDump(String dump) {
        return new EndReason(kind, message, exitStatus, dump);
    }

    /** The closing line jhyve prints on stderr. */
    public String line() {
        return "jhyve: " + message + " (exit status " + exitStatus + ")";
    }
}

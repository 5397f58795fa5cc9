package io.jhyve.hv.kvm;

/**
 * Explains {@code kvm_run.fail_entry.hardware_entry_failure_reason}: on Intel the VM-exit basic
 * reason with bit 31 set (SDM Vol. 3 Appendix C), on AMD SVM the VMEXIT_INVALID code.
 */
final class EntryFailureReasons {
    private EntryFailureReasons() { }

    static String explain(long reason) {
        int basic = (int) (reason & 0xffff);
        if (reason == -1L || reason == 0xffff_ffffL) {
            return "VMEXIT_INVALID: the guest state is invalid (AMD SVM consistency checks)";
        }
        return switch (basic) {
            case 33 -> "VM entry failed: invalid guest state (SDM 26.3: segment, control-register or RFLAGS checks)";
            case 34 -> "VM entry failed: MSR loading (SDM 26.4)";
            case 41 -> "VM entry failed: machine-check event";
            default -> String.format("VM entry failed: hardware reason 0x%x", reason);
        };
    }
}

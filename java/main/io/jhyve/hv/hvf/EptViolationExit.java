package io.jhyve.hv.hvf;

/**
 * The exit qualification of an EPT violation (Intel SDM Vol. 3C §27.2.1, Table 27-7): bit 0 data
 * read, 1 data write, 2 instruction fetch, 7 guest-linear-address field valid, 8 (if 7) the access
 * was to the translated linear address rather than to a paging structure. The guest-physical
 * address is in its own VMCS field. The exit does not report the instruction length.
 */
public record EptViolationExit(boolean read, boolean write, boolean fetch, boolean linearValid, boolean translated) {
    public static EptViolationExit decode(long qualification) {
        return new EptViolationExit((qualification & 1) != 0, (qualification & 2) != 0, (qualification & 4) != 0,
                (qualification & 0x80) != 0, (qualification & 0x100) != 0);
    }

    /** True when the faulting access was a plain data access by an instruction: the MMIO case. */
    public boolean dataAccess() {
        return !fetch && (read || write) && (!linearValid || translated);
    }
}

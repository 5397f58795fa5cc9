package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.VmcsField.*;

/**
 * Event injection at VM entry (Intel SDM Vol. 3C §24.8.3 "VM-Entry Controls for Event
 * Injection", §26.6 "Event Injection", §27.2.4 "Information for VM Exits During Event Delivery").
 *
 * <p>Re-injection: when an exit interrupts the delivery of an event (a host interrupt arrives while
 * the guest's exception or software interrupt is being delivered, say), the IDT-vectoring
 * information field says so, and the event is lost unless the VMM injects it again at the next
 * entry. The fields are laid out alike (vector 7:0, type 10:8, error code valid 11, valid 31), but
 * bit 12 of the IDT-vectoring field is undefined and bits 30:12 of the entry field are reserved,
 * so only the architectural bits are copied.
 *
 * <p>External interrupts from jhyve's interrupt controllers may be injected only when the guest
 * can take them: RFLAGS.IF set, no blocking by STI or MOV SS, and no other event already queued
 * for this entry; otherwise the VMM asks for an interrupt-window exit.
 */
public final class EventInjection {
    public static final long VALID = 1L << 31, DELIVER_ERROR_CODE = 1L << 11;
    public static final int TYPE_EXTERNAL_INTERRUPT = 0, TYPE_NMI = 2, TYPE_HARDWARE_EXCEPTION = 3,
            TYPE_SOFTWARE_INTERRUPT = 4, TYPE_PRIVILEGED_SOFTWARE_EXCEPTION = 5, TYPE_SOFTWARE_EXCEPTION = 6;
    private static final long ARCHITECTURAL_BITS = 0xff | 0x700 | DELIVER_ERROR_CODE | VALID;
    private static final long RFLAGS_IF = 1L << 9;

    private EventInjection() { }

    public static int type(long info) { return (int) (info >>> 8) & 7; }

    /**
     * Adds the writes that re-inject the event described by the IDT-vectoring fields, if one was
     * cut short; returns whether there was one.
     */
    public static boolean reinject(long idtVectoringInfo, long errorCode, long instructionLength, VmcsBatch out) {
        if ((idtVectoringInfo & VALID) == 0) return false;
        out.vmcs(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD, idtVectoringInfo & ARCHITECTURAL_BITS);
        if ((idtVectoringInfo & DELIVER_ERROR_CODE) != 0) out.vmcs(VM_ENTRY_EXCEPTION_ERROR_CODE, errorCode);
        int t = type(idtVectoringInfo);
        if (t == TYPE_SOFTWARE_INTERRUPT || t == TYPE_PRIVILEGED_SOFTWARE_EXCEPTION || t == TYPE_SOFTWARE_EXCEPTION) {
            // Software events are re-executed from the instruction: the processor needs its length.
            out.vmcs(VM_ENTRY_INSTRUCTION_LENGTH, instructionLength);
        }
        return true;
    }

    /** What to do with a pending external interrupt before the next entry. */
    public enum Decision { INJECT, WAIT_FOR_WINDOW }

    public static Decision externalInterrupt(long rflags, long interruptibility, long queuedEntryInfo) {
        boolean open = (rflags & RFLAGS_IF) != 0 && (interruptibility & 3) == 0 && (queuedEntryInfo & VALID) == 0;
        return open ? Decision.INJECT : Decision.WAIT_FOR_WINDOW;
    }

    /** Interruptibility state bits (SDM Vol. 3C §24.4.2, Table 24-3). */
    public static final long BLOCKING_BY_STI = 1, BLOCKING_BY_MOV_SS = 2, BLOCKING_BY_NMI = 8;
    public static final int NMI_VECTOR = 2;

    /**
     * Whether an NMI can be injected: no blocking by STI or MOV SS (§26.3.1.5 forbids MOV SS, and
     * some processors STI, with an NMI injection), none by an NMI whose handler has not yet run its
     * IRET (§6.7.1), and no event already queued.
     */
    public static Decision nmi(long interruptibility, long queuedEntryInfo) {
        boolean open = (interruptibility & (BLOCKING_BY_STI | BLOCKING_BY_MOV_SS | BLOCKING_BY_NMI)) == 0
                && (queuedEntryInfo & VALID) == 0;
        return open ? Decision.INJECT : Decision.WAIT_FOR_WINDOW;
    }

    /** The entry interruption-information value for an NMI. */
    public static long nmiInfo() {
        return NMI_VECTOR | (long) TYPE_NMI << 8 | VALID;
    }

    /** The entry interruption-information value for external interrupt {@code vector}. */
    public static long externalInterruptInfo(int vector) {
        return (vector & 0xff) | (long) TYPE_EXTERNAL_INTERRUPT << 8 | VALID;
    }
}

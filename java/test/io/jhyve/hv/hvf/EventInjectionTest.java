package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.VmcsField.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventInjectionTest {
    @Test
    void pageFaultCutShortIsReinjectedWithItsErrorCode() {
        VmcsBatch out = new VmcsBatch();
        // #PF (14), hardware exception (3), error code valid, valid; bit 12 set by the processor.
        assertTrue(EventInjection.reinject(0x8000_1b0eL, 2, 5, out));
        assertEquals(0x8000_0b0eL, out.vmcsValue(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD));
        assertEquals(2, out.vmcsValue(VM_ENTRY_EXCEPTION_ERROR_CODE));
        assertFalse(out.writes(HvfNative.vmcs(VM_ENTRY_INSTRUCTION_LENGTH)));
    }

    @Test
    void softwareInterruptKeepsItsInstructionLength() {
        VmcsBatch out = new VmcsBatch();
        assertTrue(EventInjection.reinject(0x8000_0480L, 0, 2, out)); // int $0x80
        assertEquals(0x8000_0480L, out.vmcsValue(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD));
        assertEquals(2, out.vmcsValue(VM_ENTRY_INSTRUCTION_LENGTH));
    }

    @Test
    void nothingToReinject() {
        VmcsBatch out = new VmcsBatch();
        assertFalse(EventInjection.reinject(0x0000_0b0eL, 2, 5, out));
        assertEquals(0, out.size());
    }

    @Test
    void externalInterruptsWaitForAnOpenWindow() {
        long ifSet = 1 << 9 | 2;
        assertEquals(EventInjection.Decision.INJECT, EventInjection.externalInterrupt(ifSet, 0, 0));
        assertEquals(EventInjection.Decision.WAIT_FOR_WINDOW, EventInjection.externalInterrupt(2, 0, 0));          // IF=0
        assertEquals(EventInjection.Decision.WAIT_FOR_WINDOW, EventInjection.externalInterrupt(ifSet, 1, 0));      // STI
        assertEquals(EventInjection.Decision.WAIT_FOR_WINDOW, EventInjection.externalInterrupt(ifSet, 2, 0));      // MOV SS
        assertEquals(EventInjection.Decision.WAIT_FOR_WINDOW, EventInjection.externalInterrupt(ifSet, 0, 0x8000_0b0eL));
        assertEquals(0x8000_0020L, EventInjection.externalInterruptInfo(0x20));
    }

    @Test
    void anNmiWaitsForStiMovSsAndNmiBlockingAndForAQueuedEvent() {
        assertEquals(EventInjection.Decision.INJECT, EventInjection.nmi(0, 0));
        for (long blocking : new long[] {1, 2, 8}) {
            assertEquals(EventInjection.Decision.WAIT_FOR_WINDOW, EventInjection.nmi(blocking, 0), "blocking " + blocking);
        }
        assertEquals(EventInjection.Decision.INJECT, EventInjection.nmi(4, 0), "SMI blocking does not hold an NMI");
        assertEquals(EventInjection.Decision.WAIT_FOR_WINDOW, EventInjection.nmi(0, 0x8000_0030L));
    }
}

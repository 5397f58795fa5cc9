package io.jhyve.hv.hvf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitQualificationTest {
    @Test
    void ioExits() {
        // out %al,%dx with DX = 0x3f8: size 1 (0), OUT, not string, port in 31:16.
        assertEquals(new IoExit(0x3f8, 1, false, false, false, false), IoExit.decode(0x03f8_0000L));
        // in $0x71,%eax: size 4 (3), IN (bit 3), immediate (bit 6).
        assertEquals(new IoExit(0x71, 4, true, false, false, true), IoExit.decode(0x0071_0000L | 3 | 8 | 64));
        // rep outsw: size 2, string (bit 4), REP (bit 5).
        assertEquals(new IoExit(0x1f0, 2, false, true, true, false), IoExit.decode(0x01f0_0000L | 1 | 16 | 32));
        assertEquals(8, IoExit.addressSize(2L << 7));
        assertEquals(2, IoExit.addressSize(0));
        assertEquals(3, IoExit.segment(3L << 15)); // DS
    }

    @Test
    void controlRegisterAccesses() {
        // mov %rax,%cr0: CR 0, type 0, register 0.
        assertEquals(new CrAccessExit(0, CrAccessExit.Type.MOV_TO_CR, 0, 0), CrAccessExit.decode(0));
        // mov %cr3,%rbx: CR 3, type 1, register 3.
        assertEquals(new CrAccessExit(3, CrAccessExit.Type.MOV_FROM_CR, 3, 0), CrAccessExit.decode(3 | 1 << 4 | 3 << 8));
        // lmsw with source 0x1: type 3, source data in 31:16.
        assertEquals(new CrAccessExit(0, CrAccessExit.Type.LMSW, 0, 1), CrAccessExit.decode(3 << 4 | 1L << 16));
        assertEquals(CrAccessExit.Type.CLTS, CrAccessExit.decode(2 << 4).type());
    }

    @Test
    void eptViolations() {
        EptViolationExit write = EptViolationExit.decode(2 | 0x80 | 0x100);
        assertTrue(write.write());
        assertTrue(write.dataAccess());
        EptViolationExit walk = EptViolationExit.decode(1 | 0x80); // a paging-structure access, not MMIO
        assertFalse(walk.dataAccess());
        assertFalse(EptViolationExit.decode(4 | 0x80 | 0x100).dataAccess()); // instruction fetch
    }

    @Test
    void exitReasonField() {
        assertEquals(ExitReason.ENTRY_FAILURE_INVALID_GUEST_STATE, ExitReason.basic(0x8000_0021L));
        assertTrue(ExitReason.entryFailed(0x8000_0021L));
        assertEquals("invalid guest state (invalid VMCS link pointer)", ExitReason.entryFailure(33, 4));
        assertEquals("VM entry with invalid control field(s)", ExitReason.vmInstructionError(7));
    }
}

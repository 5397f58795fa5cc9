package io.jhyve.hv.hvf;

import static io.jhyve.hv.SpecialRegisters.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.arch.x86.BootCpuState;
import org.junit.jupiter.api.Test;

class MsrModelTest {
    private final MsrModel m = new MsrModel(BootCpuState.APIC_BASE_DEFAULT);

    @Test
    void storedMsrsReadBackWhatWasWritten() {
        assertEquals(new MsrModel.Result.Value(BootCpuState.APIC_BASE_DEFAULT), m.read(MsrModel.IA32_APIC_BASE));
        assertEquals(new MsrModel.Result.Value(1), m.read(MsrModel.IA32_MISC_ENABLE));
        assertEquals(new MsrModel.Result.Written(), m.write(MsrModel.IA32_MTRR_DEF_TYPE, 0xc06));
        assertEquals(new MsrModel.Result.Value(0xc06), m.read(MsrModel.IA32_MTRR_DEF_TYPE));
        assertEquals(new MsrModel.Result.Value(0x508), m.read(MsrModel.IA32_MTRRCAP));
        assertEquals(new MsrModel.Result.Value(1), m.read(MsrModel.IA32_FEATURE_CONTROL)); // locked, VMX off
    }

    @Test
    void unknownMsrsRaiseGeneralProtection() {
        assertEquals(new MsrModel.Result.GeneralProtection("RDMSR 0xce: no such MSR in jhyve's model"), m.read(0xce));
        assertEquals(new MsrModel.Result.GeneralProtection("WRMSR 0x6e0 <- 0x5: no such MSR in jhyve's model"),
                m.write(0x6e0, 5)); // TSC deadline: hidden in CPUID
        assertTrue(m.read(0x802) instanceof MsrModel.Result.GeneralProtection); // x2APIC: hidden
    }

    @Test
    void eferWrites() {
        assertEquals(EFER_LME | EFER_SCE, LongMode.eferAfterWrmsr(0, EFER_LME | EFER_SCE, CR0_PE));
        assertNull(LongMode.eferAfterWrmsr(0, 1L << 2, CR0_PE));                      // reserved bit
        assertNull(LongMode.eferAfterWrmsr(EFER_LME | EFER_LMA, 0, CR0_PE | CR0_PG)); // LME off with paging on
        // LMA is read-only to WRMSR: kept as it was.
        assertEquals(EFER_LME | EFER_LMA | EFER_NXE,
                LongMode.eferAfterWrmsr(EFER_LME | EFER_LMA, EFER_LME | EFER_NXE, CR0_PE | CR0_PG));
    }

    @Test
    void pagingWithLmeActivatesLongMode() {
        assertEquals(EFER_LME | EFER_LMA, LongMode.eferAfterCr0Write(EFER_LME, CR0_PE, CR0_PE | CR0_PG, CR4_PAE));
        assertEquals(EFER_LME, LongMode.eferAfterCr0Write(EFER_LME | EFER_LMA, CR0_PE | CR0_PG, CR0_PE, CR4_PAE));
        assertNull(LongMode.eferAfterCr0Write(EFER_LME, CR0_PE, CR0_PE | CR0_PG, 0));  // needs PAE
        assertNull(LongMode.eferAfterCr0Write(0, 0, CR0_PG, 0));                      // PG without PE
        assertEquals(0L, LongMode.eferAfterCr0Write(0, 0, CR0_PE | CR0_PG, 0));       // 32-bit paging
    }

    @Test
    void patTypes() {
        assertTrue(InstructionExits.validPat(VmcsGuestState.PAT_POWER_ON));
        assertFalse(InstructionExits.validPat(0x0002));
        assertFalse(InstructionExits.validPat(0x08L << 56));
    }
}

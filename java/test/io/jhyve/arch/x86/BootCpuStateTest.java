package io.jhyve.arch.x86;

import io.jhyve.hv.Registers;
import io.jhyve.hv.SpecialRegisters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootCpuStateTest {
    @Test
    void linux64EntersStartup64InLongMode() {
        BootCpuState s = BootCpuState.linux64(0x1000000, 0x7000);
        Registers r = s.regs();
        assertEquals(0x1000200, r.rip());
        assertEquals(0x7000, r.rsi());
        assertEquals(0x2, r.rflags());
        assertEquals(0, r.rbx());
        assertEquals(0, r.rbp());
        assertEquals(0, r.rdi());
        assertEquals(Layout.BOOT_STACK_TOP, r.rsp());
        SpecialRegisters sr = s.sregs();
        assertTrue(sr.longMode());
        assertTrue(sr.paging());
        assertTrue(sr.protectedMode());
        assertEquals(Layout.PML4, sr.cr3());
        assertEquals(SpecialRegisters.CR4_PAE, sr.cr4());
        assertEquals(SpecialRegisters.EFER_LME | SpecialRegisters.EFER_LMA, sr.efer());
        assertEquals(Gdt.BOOT_CS, sr.cs().selector());
        assertTrue(sr.cs().l());
        for (var seg : new io.jhyve.hv.Segment[] {sr.ds(), sr.es(), sr.ss(), sr.fs(), sr.gs()}) {
            assertEquals(Gdt.BOOT_DS, seg.selector());
        }
        assertEquals(Gdt.TSS, sr.tr().selector());
        assertEquals(Layout.GDT, sr.gdt().base());
        assertEquals(0xfee00900L, sr.apicBase());
    }

    @Test
    void pvh32EntersProtectedModeWithPagingOff() {
        BootCpuState s = BootCpuState.pvh32(0x1000180, 0x6000);
        assertEquals(0x1000180, s.regs().rip());
        assertEquals(0x6000, s.regs().rbx());
        assertEquals(0x2, s.regs().rflags());
        SpecialRegisters sr = s.sregs();
        assertTrue(sr.protectedMode());
        assertFalse(sr.paging());
        assertFalse(sr.longMode());
        assertEquals(0, sr.cr4());
        assertEquals(0, sr.efer());
        assertEquals(Gdt.CODE32, sr.cs().selector());
        assertTrue(sr.cs().db());
        assertFalse(sr.cs().l());
        assertEquals(0, sr.cs().base());
        assertEquals(0xffff_ffff, sr.cs().limit());
        assertEquals(Gdt.BOOT_DS, sr.ss().selector());
        assertEquals(0x67, sr.tr().limit());
        assertEquals(0, sr.tr().base());
    }

    @Test
    void withoutALocalApicOnlyTheGlobalEnableGoes() {
        BootCpuState on = BootCpuState.linux64(0x100000, 0x7000);
        BootCpuState off = on.withoutLocalApic();
        assertEquals(0xfee0_0100L, off.sregs().apicBase(), "base and BSP flag stay, enable (bit 11) goes");
        assertEquals(on.regs(), off.regs());
        assertEquals(on.sregs().withApicBase(off.sregs().apicBase()), off.sregs());
    }
}

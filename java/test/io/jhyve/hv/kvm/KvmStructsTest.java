package io.jhyve.hv.kvm;

import static io.jhyve.hv.kvm.sys.KvmApi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Memory;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.DescriptorTable;
import io.jhyve.hv.Registers;
import io.jhyve.hv.Segment;
import io.jhyve.hv.SpecialRegisters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The struct layouts and ioctl numbers, checked against values computed from linux/kvm.h by hand. */
class KvmStructsTest {
    @Test
    void ioctlNumbersMatchKvmH() {
        assertEquals(0xAE00L, KVM_GET_API_VERSION);
        assertEquals(0xC008AE05L, KVM_GET_SUPPORTED_CPUID);
        assertEquals(0x4020AE46L, KVM_SET_USER_MEMORY_REGION);
        assertEquals(0x4008AE48L, KVM_SET_IDENTITY_MAP_ADDR);
        assertEquals(0x4008AE61L, KVM_IRQ_LINE);
        assertEquals(0x4040AE77L, KVM_CREATE_PIT2);
        assertEquals(0x8090AE81L, KVM_GET_REGS);
        assertEquals(0x4090AE82L, KVM_SET_REGS);
        assertEquals(0x8138AE83L, KVM_GET_SREGS);
        assertEquals(0x4138AE84L, KVM_SET_SREGS);
        assertEquals(0x4008AE89L, KVM_SET_MSRS);
        assertEquals(0x4008AE90L, KVM_SET_CPUID2);
        assertEquals(312, SIZEOF_KVM_SREGS());
    }

    @Test
    void registersRoundTripInKvmOrder() {
        Memory m = new Memory(SIZEOF_KVM_REGS());
        Registers r = new Registers(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);
        KvmStructs.writeRegs(m, r);
        assertEquals(5, m.getLong(4 * 8)); // rsi is the fifth field
        assertEquals(17, m.getLong(16 * 8)); // rip
        assertEquals(r, KvmStructs.readRegs(m));
    }

    @Test
    void specialRegistersRoundTrip() {
        Memory m = new Memory(SIZEOF_KVM_SREGS());
        m.clear();
        SpecialRegisters s = new SpecialRegisters(Segment.code64(0x10), Segment.data(0x18), Segment.data(0x18),
                Segment.data(0x18), Segment.data(0x18), Segment.data(0x18), Segment.tss(0x20, 0x1000, 0x67),
                new Segment(0, 0xffff, 0, 2, true, 0, false, false, false, false, false, true),
                new DescriptorTable(0x500, 0x2f), new DescriptorTable(0, 0), 0x80000011L, 0, 0x9000, 0x20, 0, 0x500,
                0xfee00900L);
        KvmStructs.writeSregs(m, s);
        assertEquals(0x10, m.getShort(12)); // cs.selector
        assertEquals(1, m.getByte(19)); // cs.l
        assertEquals(0x500, m.getLong(8 * 24)); // gdt.base
        assertEquals(0x80000011L, m.getLong(8 * 24 + 32)); // cr0
        assertEquals(0x500, m.getLong(8 * 24 + 32 + 5 * 8)); // efer
        assertEquals(s, KvmStructs.readSregs(m));
    }

    @Test
    void cpuidEntriesRoundTrip() {
        List<CpuidEntry> e = List.of(new CpuidEntry(0, 0, false, 0xd, 1, 2, 3),
                new CpuidEntry(0xb, 1, true, 4, 5, 6, 7));
        Memory m = KvmStructs.writeCpuid2(e);
        assertEquals(2, m.getInt(0));
        assertEquals(KVM_CPUID_FLAG_SIGNIFCANT_INDEX, m.getInt(8 + 40 + 8));
        assertEquals(e, KvmStructs.readCpuid2(m));
    }
}

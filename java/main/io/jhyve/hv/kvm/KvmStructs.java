package io.jhyve.hv.kvm;

import static io.jhyve.hv.kvm.sys.KvmApi.*;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.DescriptorTable;
import io.jhyve.hv.Registers;
import io.jhyve.hv.Segment;
import io.jhyve.hv.SpecialRegisters;
import java.util.ArrayList;
import java.util.List;

/** Converts between jhyve's register records and KVM's C structs in native buffers. */
final class KvmStructs {
    private KvmStructs() { }

    static void writeRegs(Pointer p, Registers r) {
        long[] v = {r.rax(), r.rbx(), r.rcx(), r.rdx(), r.rsi(), r.rdi(), r.rsp(), r.rbp(),
                r.r8(), r.r9(), r.r10(), r.r11(), r.r12(), r.r13(), r.r14(), r.r15(), r.rip(), r.rflags()};
        p.write(0, v, 0, v.length);
    }

    static Registers readRegs(Pointer p) {
        long[] v = p.getLongArray(0, 18);
        return new Registers(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                v[12], v[13], v[14], v[15], v[16], v[17]);
    }

    private static void writeSegment(Pointer p, long off, Segment s) {
        p.setLong(off, s.base());
        p.setInt(off + 8, s.limit());
        p.setShort(off + 12, (short) s.selector());
        p.setByte(off + 14, (byte) s.type());
        p.setByte(off + 15, (byte) (s.present() ? 1 : 0));
        p.setByte(off + 16, (byte) s.dpl());
        p.setByte(off + 17, (byte) (s.db() ? 1 : 0));
        p.setByte(off + 18, (byte) (s.s() ? 1 : 0));
        p.setByte(off + 19, (byte) (s.l() ? 1 : 0));
        p.setByte(off + 20, (byte) (s.g() ? 1 : 0));
        p.setByte(off + 21, (byte) (s.avl() ? 1 : 0));
        p.setByte(off + 22, (byte) (s.unusable() ? 1 : 0));
        p.setByte(off + 23, (byte) 0);
    }

    private static Segment readSegment(Pointer p, long off) {
        return new Segment(p.getLong(off), p.getInt(off + 8), p.getShort(off + 12) & 0xffff,
                p.getByte(off + 14) & 0xff, p.getByte(off + 15) != 0, p.getByte(off + 16) & 0xff,
                p.getByte(off + 17) != 0, p.getByte(off + 18) != 0, p.getByte(off + 19) != 0,
                p.getByte(off + 20) != 0, p.getByte(off + 21) != 0, p.getByte(off + 22) != 0);
    }

    private static void writeDtable(Pointer p, long off, DescriptorTable t) {
        p.setLong(off, t.base());
        p.setShort(off + 8, (short) t.limit());
        p.setShort(off + 10, (short) 0);
        p.setInt(off + 12, 0);
    }

    private static DescriptorTable readDtable(Pointer p, long off) {
        return new DescriptorTable(p.getLong(off), p.getShort(off + 8) & 0xffff);
    }

    private static final int SREGS_DTABLES = 8 * SIZEOF_KVM_SEGMENT;
    private static final int SREGS_CRS = SREGS_DTABLES + 2 * SIZEOF_KVM_DTABLE;

    /** Writes all of {@code s} except interrupt_bitmap, which the caller keeps as read from KVM. */
    static void writeSregs(Pointer p, SpecialRegisters s) {
        Segment[] segs = {s.cs(), s.ds(), s.es(), s.fs(), s.gs(), s.ss(), s.tr(), s.ldt()};
        for (int i = 0; i < segs.length; i++) writeSegment(p, (long) i * SIZEOF_KVM_SEGMENT, segs[i]);
        writeDtable(p, SREGS_DTABLES, s.gdt());
        writeDtable(p, SREGS_DTABLES + SIZEOF_KVM_DTABLE, s.idt());
        long[] crs = {s.cr0(), s.cr2(), s.cr3(), s.cr4(), s.cr8(), s.efer(), s.apicBase()};
        p.write(SREGS_CRS, crs, 0, crs.length);
    }

    static SpecialRegisters readSregs(Pointer p) {
        Segment[] g = new Segment[8];
        for (int i = 0; i < 8; i++) g[i] = readSegment(p, (long) i * SIZEOF_KVM_SEGMENT);
        long[] c = p.getLongArray(SREGS_CRS, 7);
        return new SpecialRegisters(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7],
                readDtable(p, SREGS_DTABLES), readDtable(p, SREGS_DTABLES + SIZEOF_KVM_DTABLE),
                c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    }

    /** struct kvm_cpuid2 with {@code capacity} entries; nent set to capacity. */
    static Memory cpuid2(int capacity) {
        Memory m = new Memory(8 + (long) capacity * SIZEOF_KVM_CPUID_ENTRY2);
        m.clear();
        m.setInt(0, capacity);
        return m;
    }

    static List<CpuidEntry> readCpuid2(Pointer p) {
        int n = p.getInt(0);
        List<CpuidEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long o = 8 + (long) i * SIZEOF_KVM_CPUID_ENTRY2;
            int flags = p.getInt(o + 8);
            out.add(new CpuidEntry(p.getInt(o), p.getInt(o + 4), (flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) != 0,
                    p.getInt(o + 12), p.getInt(o + 16), p.getInt(o + 20), p.getInt(o + 24)));
        }
        return out;
    }

    static Memory writeCpuid2(List<CpuidEntry> entries) {
        Memory m = cpuid2(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            CpuidEntry e = entries.get(i);
            long o = 8 + (long) i * SIZEOF_KVM_CPUID_ENTRY2;
            m.setInt(o, e.function());
            m.setInt(o + 4, e.index());
            m.setInt(o + 8, e.indexed() ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0);
            m.setInt(o + 12, e.eax());
            m.setInt(o + 16, e.ebx());
            m.setInt(o + 20, e.ecx());
            m.setInt(o + 24, e.edx());
        }
        return m;
    }
}

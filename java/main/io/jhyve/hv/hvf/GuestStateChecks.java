package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.SegmentAccessRights.*;
import static io.jhyve.hv.hvf.VmcsField.*;

import io.jhyve.hv.SpecialRegisters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The checks VM entry makes on the guest-state area (Intel SDM Vol. 3C §26.3.1, "Checks on the
 * Guest State Area"), done in Java on the values jhyve is about to write. HVF reports a failed
 * entry only as an error code; these checks say which rule a state breaks, and tests run them on
 * every boot state. Assumes unrestricted guest (jhyve requires it), no virtual-8086 mode and no
 * event injection; each message cites its subsection.
 */
public final class GuestStateChecks {
    private static final long CR0_PE = SpecialRegisters.CR0_PE, CR0_PG = SpecialRegisters.CR0_PG;
    private static final long CR4_PAE = SpecialRegisters.CR4_PAE, CR4_PCIDE = 1L << 17;
    private static final long EFER_LME = SpecialRegisters.EFER_LME, EFER_LMA = SpecialRegisters.EFER_LMA;
    /** EFER bits Intel defines: SCE, LME, LMA, NXE (SDM Vol. 3A §2.2.1). */
    private static final long EFER_DEFINED = 1L | EFER_LME | EFER_LMA | SpecialRegisters.EFER_NXE;
    /** RFLAGS bits VM entry requires to be 0 (63:22, 15, 5, 3) and bit 1, which must be 1. */
    private static final long RFLAGS_RESERVED_ZERO = ~0x3f_ffffL | 1L << 15 | 1L << 5 | 1L << 3;
    private static final long RFLAGS_VM = 1L << 17, RFLAGS_IF = 1L << 9;
    private static final String[] NAMES = {"ES", "CS", "SS", "DS", "FS", "GS", "LDTR", "TR"};

    private final IntToLongFunction vmcs;
    private final VmxCapabilities caps;
    private final List<String> problems = new ArrayList<>();

    private GuestStateChecks(IntToLongFunction vmcs, VmxCapabilities caps) {
        this.vmcs = vmcs;
        this.caps = caps;
    }

    /** Every rule the guest state in {@code vmcs} (field -> value) breaks; empty when VM entry would accept it. */
    public static List<String> check(IntToLongFunction vmcs, VmxCapabilities caps) {
        GuestStateChecks c = new GuestStateChecks(vmcs, caps);
        c.controlRegisters();
        c.segments();
        c.descriptorTables();
        c.ripAndRflags();
        c.nonRegisterState();
        return c.problems;
    }

    private long f(int field) { return vmcs.applyAsLong(field); }

    private boolean ia32e() { return (f(VM_ENTRY_CONTROLS) & VmxControl.IA32E_MODE_GUEST.mask()) != 0; }

    private void fail(String section, String format, Object... args) {
        problems.add("SDM " + section + ": " + String.format(format, args));
    }

    static boolean canonical(long a) { return (a << 16 >> 16) == a; }

    private void controlRegisters() {
        long cr0 = f(GUEST_CR0), cr4 = f(GUEST_CR4), efer = f(GUEST_IA32_EFER);
        long fixed0 = caps.cr0Fixed0() & ~(CR0_PE | CR0_PG); // unrestricted guest exempts PE and PG
        if ((cr0 & fixed0) != fixed0 || (cr0 & ~caps.cr0Fixed1() & 0xffff_ffffL) != 0) {
            fail("26.3.1.1", "CR0 0x%x breaks the fixed bits (FIXED0 0x%x, FIXED1 0x%x)", cr0, caps.cr0Fixed0(), caps.cr0Fixed1());
        }
        if ((cr0 & CR0_PG) != 0 && (cr0 & CR0_PE) == 0) fail("26.3.1.1", "CR0 0x%x has PG set without PE", cr0);
        if ((cr4 & caps.cr4Fixed0()) != caps.cr4Fixed0() || (cr4 & ~caps.cr4Fixed1() & 0xffff_ffffL) != 0) {
            fail("26.3.1.1", "CR4 0x%x breaks the fixed bits (FIXED0 0x%x, FIXED1 0x%x)", cr4, caps.cr4Fixed0(), caps.cr4Fixed1());
        }
        if (ia32e() && ((cr0 & CR0_PG) == 0 || (cr4 & CR4_PAE) == 0)) {
            fail("26.3.1.1", "IA-32e mode guest needs CR0.PG and CR4.PAE (CR0 0x%x, CR4 0x%x)", cr0, cr4);
        }
        if (!ia32e() && (cr4 & CR4_PCIDE) != 0) fail("26.3.1.1", "CR4.PCIDE set outside IA-32e mode");
        if ((f(GUEST_CR3) >>> 52) != 0) fail("26.3.1.1", "CR3 0x%x sets bits beyond the physical-address width", f(GUEST_CR3));
        if ((f(GUEST_DR7) >>> 32) != 0) fail("26.3.1.1", "DR7 0x%x sets bits 63:32", f(GUEST_DR7));
        if ((efer & ~EFER_DEFINED) != 0) fail("26.3.1.1", "IA32_EFER 0x%x sets reserved bits", efer);
        if (((efer & EFER_LMA) != 0) != ia32e()) {
            fail("26.3.1.1", "IA32_EFER.LMA (0x%x) differs from the 'IA-32e mode guest' entry control", efer);
        }
        if ((cr0 & CR0_PG) != 0 && ((efer & EFER_LMA) != 0) != ((efer & EFER_LME) != 0)) {
            fail("26.3.1.1", "IA32_EFER 0x%x: LMA differs from LME while CR0.PG is set", efer);
        }
        long pat = f(GUEST_IA32_PAT);
        for (int i = 0; i < 8; i++) {
            long t = (pat >>> (8 * i)) & 0xff;
            if (t == 2 || t == 3 || t > 7) fail("26.3.1.1", "IA32_PAT 0x%x entry %d has invalid type %d", pat, i, t);
        }
    }

    private int ar(int i) { return (int) f(VmcsGuestState.SEGMENT_FIELDS[i][3]); }

    private void segments() {
        for (int i = 0; i < 8; i++) {
            int[] fields = VmcsGuestState.SEGMENT_FIELDS[i];
            int ar = ar(i);
            if ((ar & AR_UNUSABLE) != 0 && i != 1 && i != 7) continue; // CS and TR are always checked
            String n = NAMES[i];
            long limit = f(fields[2]) & 0xffff_ffffL;
            if ((ar & AR_RESERVED) != 0) fail("26.3.1.2", "%s access rights 0x%x set reserved bits", n, ar);
            if ((limit & 0xfff) != 0xfff && (ar & AR_G) != 0) {
                fail("26.3.1.2", "%s limit 0x%x is not page-granular but G is set", n, limit);
            }
            if ((limit >>> 20) != 0 && (ar & AR_G) == 0) fail("26.3.1.2", "%s limit 0x%x needs G set", n, limit);
            if ((ar & AR_P) == 0) fail("26.3.1.2", "%s is usable but not present (access rights 0x%x)", n, ar);
            long base = f(fields[1]);
            if (i >= 4 ? !canonical(base) : (base >>> 32) != 0) {
                fail("26.3.1.2", "%s base 0x%x is %s", n, base, i >= 4 ? "not canonical" : "above 4 GiB");
            }
        }
        int cs = ar(1), ss = ar(2);
        int csType = cs & 0xf;
        if (csType != 9 && csType != 11 && csType != 13 && csType != 15 && csType != 3) {
            fail("26.3.1.2", "CS type 0x%x is not an accessed code segment (or type 3 under unrestricted guest)", csType);
        }
        if ((cs & AR_S) == 0) fail("26.3.1.2", "CS is a system segment (S=0)");
        int csDpl = (cs >>> 5) & 3, ssDpl = (ss >>> 5) & 3;
        if (csType == 3 && csDpl != 0) fail("26.3.1.2", "CS type 3 needs DPL 0, has %d", csDpl);
        if ((csType == 9 || csType == 11) && (ss & AR_UNUSABLE) == 0 && csDpl != ssDpl) {
            fail("26.3.1.2", "non-conforming CS DPL %d differs from SS DPL %d", csDpl, ssDpl);
        }
        if (ia32e() && (cs & AR_L) != 0 && (cs & AR_DB) != 0) fail("26.3.1.2", "64-bit CS (L=1) must have D/B=0");
        if ((ss & AR_UNUSABLE) == 0 && (ss & 0xf) != 3 && (ss & 0xf) != 7) {
            fail("26.3.1.2", "SS type 0x%x is not a read/write data segment", ss & 0xf);
        }
        if ((f(GUEST_CR0) & CR0_PE) == 0 && ssDpl != 0) fail("26.3.1.2", "SS DPL %d must be 0 in real mode", ssDpl);
        for (int i : new int[] {0, 3, 4, 5}) {
            int ar = ar(i);
            if ((ar & AR_UNUSABLE) != 0) continue;
            if ((ar & 1) == 0) fail("26.3.1.2", "%s type 0x%x is not accessed", NAMES[i], ar & 0xf);
            if ((ar & 8) != 0 && (ar & 2) == 0) fail("26.3.1.2", "%s is an execute-only code segment", NAMES[i]);
            if ((ar & AR_S) == 0) fail("26.3.1.2", "%s is a system segment (S=0)", NAMES[i]);
        }
        int tr = ar(7), trType = tr & 0xf;
        if ((f(GUEST_TR_SELECTOR) & 4) != 0) fail("26.3.1.2", "TR selector 0x%x points into the LDT", f(GUEST_TR_SELECTOR));
        if (ia32e() ? trType != 11 : trType != 3 && trType != 11) {
            fail("26.3.1.2", "TR type 0x%x is not a busy %sTSS", trType, ia32e() ? "64-bit " : "");
        }
        if ((tr & AR_S) != 0 || (tr & AR_UNUSABLE) != 0) fail("26.3.1.2", "TR access rights 0x%x: must be a usable system segment", tr);
        int ldtr = ar(6);
        if ((ldtr & AR_UNUSABLE) == 0 && ((ldtr & 0xf) != 2 || (ldtr & AR_S) != 0)) {
            fail("26.3.1.2", "usable LDTR access rights 0x%x are not an LDT descriptor", ldtr);
        }
    }

    private void descriptorTables() {
        for (int[] t : new int[][] {{GUEST_GDTR_BASE, GUEST_GDTR_LIMIT}, {GUEST_IDTR_BASE, GUEST_IDTR_LIMIT}}) {
            String n = t[0] == GUEST_GDTR_BASE ? "GDTR" : "IDTR";
            if (!canonical(f(t[0]))) fail("26.3.1.3", "%s base 0x%x is not canonical", n, f(t[0]));
            if ((f(t[1]) >>> 16) != 0) fail("26.3.1.3", "%s limit 0x%x sets bits 31:16", n, f(t[1]));
        }
    }

    private void ripAndRflags() {
        long rip = f(GUEST_RIP), rflags = f(GUEST_RFLAGS);
        boolean csL = (ar(1) & AR_L) != 0;
        if ((!ia32e() || !csL) && (rip >>> 32) != 0) fail("26.3.1.4", "RIP 0x%x sets bits 63:32 outside 64-bit mode", rip);
        if (ia32e() && csL && !canonical(rip)) fail("26.3.1.4", "RIP 0x%x is not canonical", rip);
        if ((rflags & RFLAGS_RESERVED_ZERO) != 0 || (rflags & 2) == 0) {
            fail("26.3.1.4", "RFLAGS 0x%x: reserved bits must be 0 and bit 1 must be 1", rflags);
        }
        if ((rflags & RFLAGS_VM) != 0 && (ia32e() || (f(GUEST_CR0) & CR0_PE) == 0)) {
            fail("26.3.1.4", "RFLAGS.VM set in IA-32e mode or real mode");
        }
    }

    private void nonRegisterState() {
        long activity = f(GUEST_ACTIVITY_STATE), intr = f(GUEST_INTERRUPTIBILITY_STATE);
        if (activity > 3) fail("26.3.1.5", "activity state %d is not defined", activity);
        if ((intr >>> 5) != 0) fail("26.3.1.5", "interruptibility state 0x%x sets reserved bits", intr);
        if ((intr & 3) == 3) fail("26.3.1.5", "interruptibility state blocks by STI and by MOV SS at once");
        if ((intr & 1) != 0 && (f(GUEST_RFLAGS) & RFLAGS_IF) == 0) {
            fail("26.3.1.5", "blocking by STI while RFLAGS.IF is 0");
        }
        long pending = f(GUEST_PENDING_DEBUG_EXCEPTIONS);
        if ((pending & ~0x1_500fL) != 0) fail("26.3.1.5", "pending debug exceptions 0x%x set reserved bits", pending);
        long link = f(VMCS_LINK_POINTER);
        if (link != VmcsGuestState.VMCS_LINK_POINTER_NONE && (link & 0xfff) != 0) {
            fail("26.3.1.5", "VMCS link pointer 0x%x is neither all ones nor page aligned", link);
        }
    }
}

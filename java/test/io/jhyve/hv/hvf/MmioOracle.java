package io.jhyve.hv.hvf;

import io.jhyve.hv.Registers;
import io.jhyve.hv.SpecialRegisters;
import io.jhyve.hv.VcpuExit;
import io.jhyve.memory.GuestMemory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds jhyve's HVF MMIO path (walker, decoder, the register rules of {@link IoExits}) against KVM,
 * whose in-kernel emulator is the reference, one access of the mmio-forms guest at a time. Each
 * access shows as three exits: the OUT before it (the registers the access starts from: what HVF
 * sees at its EPT violation, and all it has to predict from), KVM's MMIO exit (guest-physical
 * address, width, direction, stored data) and the OUT after it (where the access left RIP and the
 * registers). Every disagreement is kept, not thrown, so one run lists them all.
 *
 * <p>The guest-physical address is checked through the walker: the decoder computes no effective
 * address (HVF takes it from the exit), so the walker translates the linear address the guest's
 * table says the access touches, under the vCPU's CR3.
 */
final class MmioOracle {
    /** {@code outb %al, $imm8}: the bracketing OUTs' length (E6 ib). */
    private static final int OUT_LENGTH = 2;
    private static final long RFLAGS_DF = 1L << 10;
    private static final String[] GPR_NAMES = {"RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"};

    private enum Phase { BEFORE, ACCESS, AFTER }

    private final GuestMemory memory;
    private final GuestPageWalker walker;
    private final List<MmioFormsTable.Entry> entries;
    private final List<String> mismatches = new ArrayList<>();
    private final Set<String> covered = new TreeSet<>();
    private Phase phase = Phase.BEFORE;
    private int next;
    private int judged;
    private Registers before;
    private MmioInstruction insn;
    private long loaded;
    private String label;

    MmioOracle(GuestMemory memory, MmioFormsTable table) {
        this.memory = memory;
        this.walker = new GuestPageWalker(memory);
        this.entries = table.entries();
    }

    /** The OUT to {@link MmioFormsTable#SYNC_PORT} before or after an access. */
    void sync(Registers regs, SpecialRegisters sregs) {
        switch (phase) {
            case BEFORE -> begin(regs, sregs);
            case ACCESS -> {
                mismatch("no MMIO exit between the OUTs around it");
                phase = Phase.BEFORE;
                next++;
            }
            case AFTER -> finish(regs, sregs);
        }
    }

    /** A KVM MMIO exit; returns the value to answer a load with (0 for a store). */
    long mmio(VcpuExit.Mmio exit, SpecialRegisters sregs) {
        if (phase != Phase.ACCESS) {
            mismatches.add(String.format("MMIO exit at 0x%x outside an access's OUTs (after access #%d)", exit.gpa(), next - 1));
            return 0;
        }
        phase = Phase.AFTER;
        MmioFormsTable.Entry e = entries.get(next);
        insn = decode(e, sregs);
        if (insn == null) return 0;
        compare("width", insn.size(), exit.size());
        if (insn.kind().write() != exit.write()) {
            mismatch(String.format("direction: decoder %s, KVM %s", direction(insn.kind().write()), direction(exit.write())));
        }
        OptionalLong gpa = translate(e.dataLinear(), sregs);
        if (gpa.isEmpty() || gpa.getAsLong() != exit.gpa()) {
            mismatch(String.format("guest-physical address: walker 0x%x -> %s, KVM 0x%x", e.dataLinear(),
                    gpa.isEmpty() ? "not mapped" : String.format("0x%x", gpa.getAsLong()), exit.gpa()));
        }
        if (exit.write()) {
            long source = insn.kind() == MmioInstruction.Kind.STORE_IMMEDIATE ? 0 : gprs(before)[insn.register()];
            compare("stored data", insn.storedValue(source), exit.value());
            return 0;
        }
        loaded = loadValue(e.index(), exit.size());
        return loaded;
    }

    private void begin(Registers regs, SpecialRegisters sregs) {
        if (next >= entries.size()) {
            mismatches.add("an access beyond the " + entries.size() + " of the table");
            return;
        }
        MmioFormsTable.Entry e = entries.get(next);
        before = regs;
        insn = null;
        label = String.format("#%d (%d-bit code at 0x%x)", e.index(), e.bits(), e.insnLinear());
        long out = sregs.cs().base() + regs.rip();
        if (out + OUT_LENGTH != e.insnLinear()) {
            mismatch(String.format("the OUT before it is at 0x%x, not right before the instruction", out));
        }
        phase = Phase.ACCESS;
    }

    /** Fetches and decodes the instruction as HVF would: through the walker, in the mode of CS and EFER. */
    private MmioInstruction decode(MmioFormsTable.Entry e, SpecialRegisters sregs) {
        OptionalLong phys = translate(e.insnLinear(), sregs);
        if (phys.isEmpty() || phys.getAsLong() != e.insnPhys()) {
            mismatch(String.format("walker: instruction at linear 0x%x -> %s, linked at 0x%x", e.insnLinear(),
                    phys.isEmpty() ? "not mapped" : String.format("0x%x", phys.getAsLong()), e.insnPhys()));
        }
        byte[] code = walker.read(e.insnLinear(), 15, sregs.cr0(), sregs.cr3(), sregs.cr4(), sregs.efer());
        label = String.format("#%d (%d-bit code, %s at 0x%x)", e.index(), e.bits(),
                HexFormat.ofDelimiter(" ").formatHex(code, 0, Math.min(code.length, e.length())), e.insnLinear());
        MmioDecoder.Mode mode = mode(sregs);
        if (!mode.toString().equals("BITS" + e.bits())) {
            mismatch(String.format("mode: %s from CS and EFER, but the guest runs %d-bit code there", mode, e.bits()));
        }
        MmioInstruction d;
        try {
            d = MmioDecoder.decode(code, mode);
        } catch (MmioDecoder.UnsupportedInstructionException ex) {
            mismatch("decoder refused it: " + ex.getMessage());
            return null;
        }
        if (d.length() != e.length()) {
            mismatch(String.format("length: decoder %d, assembler %d", d.length(), e.length()));
        }
        cover(d, e);
        return d;
    }

    /** The OUT after the access: KVM's RIP and registers against the decoder's length and IoExits' rules. */
    private void finish(Registers regs, SpecialRegisters sregs) {
        MmioFormsTable.Entry e = entries.get(next);
        phase = Phase.BEFORE;
        next++;
        if (insn == null) return;
        judged++;
        compare("end of the instruction (KVM's RIP after it)", e.insnLinear() + insn.length(),
                sregs.cs().base() + regs.rip());
        long[] expected = gprs(before);
        if (!insn.kind().write()) {
            expected[insn.register()] = insn.loadedRegister(expected[insn.register()], loaded);
        } else if (insn.kind() == MmioInstruction.Kind.STORE_STRING) {
            expected[7] = insn.indexAfter(expected[7], (before.rflags() & RFLAGS_DF) != 0);
        }
        long[] actual = gprs(regs);
        for (int r = 0; r < 16; r++) {
            if (expected[r] != actual[r]) {
                mismatch(String.format("%s after it: predicted 0x%x, KVM 0x%x (was 0x%x%s)", GPR_NAMES[r],
                        expected[r], actual[r], gprs(before)[r],
                        insn.kind().write() ? "" : String.format(", loaded 0x%x", loaded)));
            }
        }
        compare("RFLAGS after it", before.rflags(), regs.rflags());
    }

    private void cover(MmioInstruction d, MmioFormsTable.Entry e) {
        covered.add(d.kind().toString());
        covered.add(d.size() + "-byte access");
        covered.add(e.bits() + "-bit code");
        if (d.highByte()) covered.add("AH-BH register");
        if (d.register() >= 8) covered.add("R8-R15 register");
        if (d.kind() == MmioInstruction.Kind.STORE_STRING) {
            covered.add((before.rflags() & RFLAGS_DF) != 0 ? "STOS with DF set" : "STOS with DF clear");
        }
        if (!d.kind().write()) covered.add("load into " + 8 * d.destSize() + "-bit registers");
    }

    private OptionalLong translate(long linear, SpecialRegisters s) {
        return walker.translate(linear, s.cr0(), s.cr3(), s.cr4(), s.efer());
    }

    /** As HVF derives it from the CS access rights and EFER.LMA (ExitSnapshot.codeMode). */
    static MmioDecoder.Mode mode(SpecialRegisters s) {
        if (s.longMode() && s.cs().l()) return MmioDecoder.Mode.BITS64;
        return s.cs().db() ? MmioDecoder.Mode.BITS32 : MmioDecoder.Mode.BITS16;
    }

    /**
     * What a load of access {@code index} reads: every byte differs from access to access, and the top
     * bit of each byte is set for even accesses and clear for odd ones, so sign and zero extension
     * give different results.
     */
    static long loadValue(int index, int size) {
        long v = 0xf1e2_d3c4_b5a6_9788L ^ ((index & 0x7f) * 0x0101_0101_0101_0101L);
        if ((index & 1) != 0) v &= 0x7f7f_7f7f_7f7f_7f7fL;
        return MmioInstruction.mask(v, size);
    }

    /** The general-purpose registers in ModRM order (0 RAX .. 15 R15). */
    static long[] gprs(Registers r) {
        return new long[] {r.rax(), r.rcx(), r.rdx(), r.rbx(), r.rsp(), r.rbp(), r.rsi(), r.rdi(),
            r.r8(), r.r9(), r.r10(), r.r11(), r.r12(), r.r13(), r.r14(), r.r15()};
    }

    private void compare(String what, long predicted, long kvm) {
        if (predicted != kvm) mismatch(String.format("%s: predicted 0x%x, KVM 0x%x", what, predicted, kvm));
    }

    private static String direction(boolean write) {
        return write ? "write" : "read";
    }

    private void mismatch(String what) {
        mismatches.add(label + ": " + what);
    }

    List<String> mismatches() { return List.copyOf(mismatches); }

    /** Accesses whose OUT after them was seen. */
    int completed() { return next; }

    /** Of those, the ones decoded and so judged in full. */
    int judged() { return judged; }

    /** What the decoded accesses covered: kinds, sizes, modes, register classes, STOS directions. */
    Set<String> covered() { return Set.copyOf(covered); }
}

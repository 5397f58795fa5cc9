package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.HvX86Reg.*;
import static io.jhyve.hv.hvf.VmcsField.*;

import io.jhyve.hv.ExitValues;
import io.jhyve.hv.VcpuExit;
import io.jhyve.memory.GuestMemory;
import java.util.OptionalLong;

/**
 * Port I/O and MMIO exits: turning them into {@link VcpuExit.PortIo} / {@link VcpuExit.Mmio} for
 * the VMM's buses, and completing them at the next entry (IN data into rAX or guest memory, MMIO
 * loads into the destination register, RSI/RDI/RCX/RIP updates).
 *
 * <p>String I/O (INS/OUTS, SDM Vol. 2B) moves up to {@link #MAX_ELEMENTS} elements per exit; with
 * REP, RCX counts down and RIP stays on the instruction until RCX reaches 0, so the guest
 * re-executes it for the rest (as the processor does after an interrupt). A buffer the guest's
 * page tables do not map to RAM ends the run with an error instead of touching host memory.
 */
final class IoExits {
    static final int MAX_ELEMENTS = 512;
    private static final long RFLAGS_DF = 1L << 10;
    private static final int SEGMENT_ES = 0;
    private static final int[] SEGMENT_BASES = {GUEST_ES_BASE, GUEST_CS_BASE, GUEST_SS_BASE, GUEST_DS_BASE,
        GUEST_FS_BASE, GUEST_GS_BASE};

    private enum Pending { NONE, PORT_IN, PORT_OUT, STRING_IN, STRING_OUT, MMIO_LOAD, MMIO_STORE }

    private final HvfVcpu vcpu;
    private final GuestMemory memory;
    private final ControlRegisterPolicy cr;
    private final GuestPageWalker walker;
    private final long[] elements = new long[MAX_ELEMENTS];
    private final long[] elementGpas = new long[MAX_ELEMENTS];
    private final ExitValues exitValues = new ExitValues();
    private Pending pending = Pending.NONE;
    private int count;
    private int size;
    private long rip;
    private long length;
    private long interruptibility;
    private int indexRegister;      // RSI or RDI (ModRM number) for string I/O and STOS
    private long indexValue;
    private long step;              // +size or -size (DF)
    private long rcx;
    private boolean rep;
    private int addressSize;
    private long addressMask;
    private MmioInstruction instruction;

    IoExits(HvfVcpu vcpu, GuestMemory memory, ControlRegisterPolicy cr) {
        this.vcpu = vcpu;
        this.memory = memory;
        this.cr = cr;
        this.walker = new GuestPageWalker(memory);
    }

    private void remember(ExitSnapshot s, Pending p, long instructionLength) {
        pending = p;
        rip = s.get(ExitSnapshot.RIP);
        length = instructionLength;
        interruptibility = s.get(ExitSnapshot.INTERRUPTIBILITY);
    }

    VcpuExit portIo(ExitSnapshot s) {
        IoExit q = IoExit.decode(s.get(ExitSnapshot.QUALIFICATION));
        size = q.size();
        if (!q.string()) {
            remember(s, q.in() ? Pending.PORT_IN : Pending.PORT_OUT, s.get(ExitSnapshot.LENGTH));
            count = 1;
            elements[0] = MmioInstruction.mask(s.get(ExitSnapshot.RAX), size);
            return exitValues.portIo(q.port(), size, !q.in(), 1);
        }
        long info = s.get(ExitSnapshot.INFO);
        addressSize = IoExit.addressSize(info);
        addressMask = addressSize == 8 ? -1L : (1L << (8 * addressSize)) - 1;
        rep = q.rep();
        rcx = s.get(ExitSnapshot.RCX);
        long wanted = rep ? rcx & addressMask : 1;
        if (wanted == 0) { // REP with RCX = 0 does nothing
            remember(s, Pending.PORT_OUT, s.get(ExitSnapshot.LENGTH));
            count = 0;
            return exitValues.portIo(q.port(), size, !q.in(), 0);
        }
        count = (int) Math.min(wanted, MAX_ELEMENTS);
        indexRegister = q.in() ? 7 : 6; // INS writes ES:rDI, OUTS reads seg:rSI
        indexValue = s.get(q.in() ? ExitSnapshot.RDI : ExitSnapshot.RSI);
        step = (s.get(ExitSnapshot.RFLAGS) & RFLAGS_DF) != 0 ? -size : size;
        long base = vcpu.read(HvfNative.vmcs(SEGMENT_BASES[q.in() ? SEGMENT_ES : Math.min(IoExit.segment(info), 5)]));
        for (int i = 0; i < count; i++) {
            long linear = base + ((indexValue + i * step) & addressMask);
            OptionalLong gpa = walker.translate(linear, s.guestCr0(cr), s.get(ExitSnapshot.CR3),
                    s.guestCr4(cr), s.get(ExitSnapshot.EFER));
            if (gpa.isEmpty() || !memory.isRam(gpa.getAsLong(), size)) {
                pending = Pending.NONE;
                return new VcpuExit.InternalError(0, String.format(
                        "string I/O on port 0x%x: buffer element at linear 0x%x is not in guest RAM", q.port(), linear));
            }
            elementGpas[i] = gpa.getAsLong();
            if (!q.in()) elements[i] = readGuest(elementGpas[i], size);
        }
        remember(s, q.in() ? Pending.STRING_IN : Pending.STRING_OUT, s.get(ExitSnapshot.LENGTH));
        return exitValues.portIo(q.port(), size, !q.in(), count);
    }

    VcpuExit mmio(ExitSnapshot s) {
        long gpa = s.get(ExitSnapshot.GPA);
        EptViolationExit q = EptViolationExit.decode(s.get(ExitSnapshot.QUALIFICATION));
        if (memory.isRam(gpa, 1) || !q.dataAccess()) {
            return new VcpuExit.InternalError(ExitReason.EPT_VIOLATION, String.format(
                    "EPT violation at guest-physical 0x%x (qualification 0x%x) that is not an MMIO data access",
                    gpa, s.get(ExitSnapshot.QUALIFICATION)));
        }
        byte[] code = fetch(s);
        MmioInstruction insn;
        try {
            insn = MmioDecoder.decode(code, s.codeMode());
        } catch (MmioDecoder.UnsupportedInstructionException e) {
            return new VcpuExit.InternalError(ExitReason.EPT_VIOLATION, String.format(
                    "%s at RIP 0x%x, guest-physical 0x%x", e.getMessage(), s.get(ExitSnapshot.RIP), gpa));
        }
        instruction = insn;
        if (insn.kind().write()) {
            long source = insn.kind() == MmioInstruction.Kind.STORE_IMMEDIATE ? 0 : vcpu.gpr(insn.register());
            remember(s, Pending.MMIO_STORE, insn.length());
            if (insn.kind() == MmioInstruction.Kind.STORE_STRING) {
                indexValue = s.get(ExitSnapshot.RDI);
                step = (s.get(ExitSnapshot.RFLAGS) & RFLAGS_DF) != 0 ? -insn.size() : insn.size();
            }
            return exitValues.mmio(gpa, insn.size(), true, insn.storedValue(source));
        }
        remember(s, Pending.MMIO_LOAD, insn.length());
        return exitValues.mmio(gpa, insn.size(), false, 0);
    }

    /** Up to 15 instruction bytes at CS:RIP, stopping where the guest's mapping of them ends. */
    private byte[] fetch(ExitSnapshot s) {
        return walker.read(s.get(ExitSnapshot.CS_BASE) + s.get(ExitSnapshot.RIP), 15, s.guestCr0(cr),
                s.get(ExitSnapshot.CR3), s.guestCr4(cr), s.get(ExitSnapshot.EFER));
    }

    private long readGuest(long gpa, int bytes) {
        return switch (bytes) {
            case 1 -> memory.readU8(gpa);
            case 2 -> memory.readU16(gpa);
            case 4 -> memory.readU32(gpa);
            default -> memory.readU64(gpa);
        };
    }

    private void writeGuest(long gpa, int bytes, long v) {
        switch (bytes) {
            case 1 -> memory.writeU8(gpa, (int) v);
            case 2 -> memory.writeU16(gpa, (int) v);
            case 4 -> memory.writeU32(gpa, v);
            default -> memory.writeU64(gpa, v);
        }
    }

    void completeRead(int element, long value) {
        if (element >= 0 && element < count && (pending == Pending.PORT_IN || pending == Pending.STRING_IN)) {
            elements[element] = MmioInstruction.mask(value, size);
        } else if (element == 0 && pending == Pending.MMIO_LOAD) {
            elements[0] = value;
        }
    }

    long writeValue(int element) {
        return element >= 0 && element < count ? elements[element] : 0;
    }

    /** Adds the pending exit's completion to {@code out}; nothing pending adds nothing. */
    void complete(VmcsBatch out) {
        Pending p = pending;
        pending = Pending.NONE;
        switch (p) {
            case NONE -> { return; }
            case PORT_IN -> {
                long rax = vcpu.gpr(0);
                // IN to AL/AX keeps the rest of RAX; IN to EAX zero-extends (SDM Vol. 1 §3.4.1.1).
                long v = size == 4 ? elements[0] : (rax & ~MmioInstruction.mask(-1L, size)) | elements[0];
                out.register(HV_X86_RAX, v);
            }
            case PORT_OUT -> { }
            case STRING_IN, STRING_OUT -> {
                if (p == Pending.STRING_IN) for (int i = 0; i < count; i++) writeGuest(elementGpas[i], size, elements[i]);
                vcpu.setGpr(out, indexRegister, MmioInstruction.addInAddressSize(indexValue, count * step, addressSize));
                if (rep) {
                    long left = MmioInstruction.addInAddressSize(rcx, -count, addressSize);
                    vcpu.setGpr(out, 1, left);
                    if ((left & addressMask) != 0) return; // RIP stays: the guest repeats the instruction
                }
            }
            case MMIO_LOAD -> {
                int reg = instruction.register();
                vcpu.setGpr(out, reg, instruction.loadedRegister(vcpu.gpr(reg), elements[0]));
            }
            case MMIO_STORE -> {
                if (instruction.kind() == MmioInstruction.Kind.STORE_STRING) {
                    vcpu.setGpr(out, 7, instruction.indexAfter(indexValue, step < 0));
                }
            }
        }
        out.vmcs(GUEST_RIP, rip + length).vmcs(GUEST_INTERRUPTIBILITY_STATE, interruptibility & ~3L);
    }
}

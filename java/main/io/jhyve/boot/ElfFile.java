package io.jhyve.boot;

import io.jhyve.boot.BootProtocolException.Rule;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of an ELF64 little-endian x86-64 reader (System V gABI, "ELF Header", "Program
 * Header", "Note Section") to load a vmlinux: its PT_LOAD segments and the payload of one note.
 * Every offset and size comes from the file, so each is bounds-checked before use.
 */
final class ElfFile {
    static final int EI_CLASS = 4, EI_DATA = 5, ELFCLASS64 = 2, ELFDATA2LSB = 1, EM_X86_64 = 62;
    static final int PT_LOAD = 1, PT_NOTE = 4;
    static final int EHDR_SIZE = 64, PHDR_SIZE = 56;

    private final byte[] bytes;
    private final ByteBuffer buf;
    private final String source;
    private final List<ProgramHeader> programHeaders = new ArrayList<>();

    private record ProgramHeader(long type, long offset, long paddr, long fileSize, long memSize) { }

    private ElfFile(byte[] bytes, String source) {
        this.bytes = bytes;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    static boolean hasElfMagic(byte[] b) {
        return b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    /** Checks the ELF header and reads the program header table. */
    static ElfFile parse(byte[] bytes, String source) {
        ElfFile elf = new ElfFile(bytes, source);
        if (bytes.length < EHDR_SIZE) throw elf.error("ELF file of %d bytes is shorter than the 64-byte ELF64 header", bytes.length);
        int cls = bytes[EI_CLASS], data = bytes[EI_DATA], machine = elf.buf.getShort(18) & 0xffff;
        if (cls != ELFCLASS64 || data != ELFDATA2LSB || machine != EM_X86_64) {
            throw elf.error("ELF vmlinux is not a 64-bit little-endian x86-64 image (EI_CLASS %d, EI_DATA %d, "
                    + "e_machine %d; 2, 1 and 62 required)", cls, data, machine);
        }
        long phoff = elf.buf.getLong(32);
        int phentsize = elf.buf.getShort(54) & 0xffff, phnum = elf.buf.getShort(56) & 0xffff;
        if (phentsize != PHDR_SIZE || !elf.inFile(phoff, (long) phnum * PHDR_SIZE)) {
            throw elf.error("ELF program header table (e_phoff 0x%x, e_phentsize %d, e_phnum %d) does not fit "
                    + "the %d-byte file", phoff, phentsize, phnum, bytes.length);
        }
        for (int i = 0; i < phnum; i++) {
            int p = (int) (phoff + (long) i * PHDR_SIZE);
            elf.programHeaders.add(new ProgramHeader(elf.buf.getInt(p) & 0xffff_ffffL, elf.buf.getLong(p + 8),
                    elf.buf.getLong(p + 24), elf.buf.getLong(p + 32), elf.buf.getLong(p + 40)));
        }
        return elf;
    }

    /** The PT_LOAD segments with a non-zero memory size, checked against the file. */
    List<PvhElfKernel.Segment> loadSegments() {
        List<PvhElfKernel.Segment> out = new ArrayList<>();
        for (int i = 0; i < programHeaders.size(); i++) {
            ProgramHeader ph = programHeaders.get(i);
            if (ph.type() != PT_LOAD || ph.memSize() == 0) continue;
            if (!inFile(ph.offset(), ph.fileSize())) {
                throw error("ELF program header %d (PT_LOAD at paddr 0x%x) has %d file bytes at offset 0x%x, past "
                        + "the end of the %d-byte file", i, ph.paddr(), ph.fileSize(), ph.offset(), bytes.length);
            }
            if (ph.fileSize() > ph.memSize() || ph.paddr() < 0 || ph.memSize() < 0 || ph.paddr() + ph.memSize() < 0) {
                throw error("ELF program header %d has p_filesz 0x%x, p_memsz 0x%x at p_paddr 0x%x: not a loadable "
                        + "physical range", i, ph.fileSize(), ph.memSize(), ph.paddr());
            }
            out.add(new PvhElfKernel.Segment(ph.offset(), ph.paddr(), ph.fileSize(), ph.memSize()));
        }
        return out;
    }

    /** The descriptor of the first note named {@code name} with type {@code type}, in any PT_NOTE segment. */
    byte[] findNote(String name, int type) {
        byte[] wanted = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() != PT_NOTE || !inFile(ph.offset(), ph.fileSize())) continue;
            long p = ph.offset(), end = ph.offset() + ph.fileSize();
            while (end - p >= 12) {
                long namesz = buf.getInt((int) p) & 0xffff_ffffL, descsz = buf.getInt((int) p + 4) & 0xffff_ffffL;
                int ntype = buf.getInt((int) p + 8);
                long nameAt = p + 12, descAt = nameAt + align4(namesz), next = descAt + align4(descsz);
                if (next > end) break;
                if (ntype == type && namesz == wanted.length && matches(nameAt, wanted)) {
                    byte[] desc = new byte[(int) descsz];
                    System.arraycopy(bytes, (int) descAt, desc, 0, desc.length);
                    return desc;
                }
                p = next;
            }
        }
        return null;
    }

    /** Position of {@code needle} in {@code bytes}, or -1. */
    static long indexOfIn(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (bytes[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private boolean matches(long at, byte[] wanted) {
        for (int i = 0; i < wanted.length; i++) if (bytes[(int) at + i] != wanted[i]) return false;
        return true;
    }

    private static long align4(long n) { return (n + 3) & ~3L; }

    private boolean inFile(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= bytes.length && length <= bytes.length - offset;
    }

    BootProtocolException error(String format, Object... args) {
        return new BootProtocolException(Rule.ELF_FORMAT, source, String.format(format, args));
    }
}

package io.jhyve.boot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a minimal ELF64 x86-64 "vmlinux" for tests: header, a PT_LOAD segment with a patterned
 * body and a zero-filled tail, and a PT_NOTE segment holding one note.
 */
final class SyntheticElf {
    static final String BANNER = "Linux version 6.6.0-pvh-test (test@jhyve) #1 SMP\n";

    int elfClass = 2;
    int machine = 62;
    long paddr = 0x1000000;
    int bodyBytes = 0x2000;
    long memSize = 0x5000;
    String noteName = "Xen";
    int noteType = PvhElfKernel.XEN_ELFNOTE_PHYS32_ENTRY;
    long entry = 0x1000180;
    int entryBytes = 4;
    boolean withNote = true;

    static byte bodyByte(int i) { return (byte) (i * 5 + 1); }

    byte[] build() {
        byte[] note = note();
        int phnum = withNote ? 2 : 1;
        int bodyOffset = 0x1000;
        int noteOffset = bodyOffset + bodyBytes;
        ByteBuffer b = ByteBuffer.allocate(noteOffset + note.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, 1, 1, 0});
        b.putShort(16, (short) 2);          // e_type ET_EXEC
        b.putShort(18, (short) machine);
        b.putInt(20, 1);                     // e_version
        b.putLong(24, 0xffffffff81000000L);  // e_entry (virtual, unused by PVH)
        b.putLong(32, 64);                   // e_phoff
        b.putShort(52, (short) 64);          // e_ehsize
        b.putShort(54, (short) 56);          // e_phentsize
        b.putShort(56, (short) phnum);
        phdr(b, 64, ElfFile.PT_LOAD, bodyOffset, paddr, bodyBytes, memSize);
        if (withNote) phdr(b, 64 + 56, ElfFile.PT_NOTE, noteOffset, 0, note.length, note.length);
        for (int i = 0; i < bodyBytes; i++) b.put(bodyOffset + i, bodyByte(i));
        byte[] banner = BANNER.getBytes(StandardCharsets.US_ASCII);
        b.put(bodyOffset + 0x100, banner);
        b.put(noteOffset, note);
        return b.array();
    }

    private static void phdr(ByteBuffer b, int at, int type, long offset, long paddr, long filesz, long memsz) {
        b.putInt(at, type);
        b.putLong(at + 8, offset);
        b.putLong(at + 16, paddr + 0xffffffff80000000L);
        b.putLong(at + 24, paddr);
        b.putLong(at + 32, filesz);
        b.putLong(at + 40, memsz);
        b.putLong(at + 48, 0x1000);
    }

    /** An unrelated "GNU" note first, so the parser must walk past it, then the entry note. */
    private byte[] note() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeNote(out, "GNU", 3, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        ByteBuffer desc = ByteBuffer.allocate(entryBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (entryBytes == 8) desc.putLong(entry); else if (entryBytes == 4) desc.putInt((int) entry);
        writeNote(out, noteName, noteType, desc.array());
        return out.toByteArray();
    }

    private static void writeNote(ByteArrayOutputStream out, String name, int type, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(n.length).putInt(desc.length).putInt(type);
        out.writeBytes(h.array());
        out.writeBytes(pad4(n));
        out.writeBytes(pad4(desc));
    }

    private static byte[] pad4(byte[] b) {
        return java.util.Arrays.copyOf(b, (b.length + 3) & ~3);
    }

    PvhElfKernel parse() {
        return PvhElfKernel.parse("/x/vmlinux", build());
    }
}

package io.jhyve.boot;

import io.jhyve.boot.BootProtocolException.Rule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PvhElfKernelTest {
    @Test
    void parsesEntrySegmentsAndBanner() {
        PvhElfKernel k = assertInstanceOf(PvhElfKernel.class,
                KernelImage.parse("/x/vmlinux", new SyntheticElf().build()));
        assertEquals(0x1000180, k.entry());
        assertEquals(1, k.segments().size());
        PvhElfKernel.Segment s = k.segments().get(0);
        assertEquals(0x1000, s.fileOffset());
        assertEquals(0x1000000, s.paddr());
        assertEquals(0x2000, s.fileSize());
        assertEquals(0x5000, s.memSize());
        assertEquals(0x1000000, k.loadAddress());
        assertEquals(0x1005000, k.loadEnd());
        assertEquals("Linux version 6.6.0-pvh-test (test@jhyve) #1 SMP", k.versionString());
        assertEquals("PVH (hvm_start_info v1)", k.protocol());
    }

    @Test
    void acceptsA64BitEntryDescriptor() {
        SyntheticElf e = new SyntheticElf();
        e.entryBytes = 8;
        assertEquals(0x1000180, e.parse().entry());
    }

    @Test
    void refusesAnElfWithoutThePvhNote() {
        SyntheticElf e = new SyntheticElf();
        e.withNote = false;
        BootProtocolException x = assertThrows(BootProtocolException.class, e::parse);
        assertEquals(Rule.PVH_NOTE, x.rule());
        assertEquals("/x/vmlinux: ELF vmlinux has no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY); build with "
                + "CONFIG_PVH=y or use the bzImage", x.getMessage());
    }

    @Test
    void ignoresType18NotesOfOtherOwners() {
        SyntheticElf e = new SyntheticElf();
        e.noteName = "Linux";
        assertEquals(Rule.PVH_NOTE, assertThrows(BootProtocolException.class, e::parse).rule());
    }

    @Test
    void refusesAnOddSizedEntryDescriptor() {
        SyntheticElf e = new SyntheticElf();
        e.entryBytes = 2;
        assertEquals("/x/vmlinux: PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY) has a 2-byte descriptor; a 32-bit "
                + "physical address is required", assertThrows(BootProtocolException.class, e::parse).getMessage());
    }

    @Test
    void refuses32BitElf() {
        SyntheticElf e = new SyntheticElf();
        e.elfClass = 1;
        e.machine = 3;
        BootProtocolException x = assertThrows(BootProtocolException.class, e::parse);
        assertEquals(Rule.ELF_FORMAT, x.rule());
        assertEquals("/x/vmlinux: ELF vmlinux is not a 64-bit little-endian x86-64 image (EI_CLASS 1, EI_DATA 1, "
                + "e_machine 3; 2, 1 and 62 required)", x.getMessage());
    }

    @Test
    void refusesASegmentPastTheEndOfTheFile() {
        byte[] file = new SyntheticElf().build();
        byte[] cut = java.util.Arrays.copyOf(file, 0x1800);
        BootProtocolException x = assertThrows(BootProtocolException.class, () -> PvhElfKernel.parse("v", cut));
        assertEquals("v: ELF program header 0 (PT_LOAD at paddr 0x1000000) has 8192 file bytes at offset 0x1000, "
                + "past the end of the 6144-byte file", x.getMessage());
    }

    @Test
    void refusesATruncatedHeader() {
        byte[] file = java.util.Arrays.copyOf(new SyntheticElf().build(), 40);
        BootProtocolException x = assertThrows(BootProtocolException.class, () -> KernelImage.parse("v", file));
        assertEquals("v: ELF file of 40 bytes is shorter than the 64-byte ELF64 header", x.getMessage());
    }
}

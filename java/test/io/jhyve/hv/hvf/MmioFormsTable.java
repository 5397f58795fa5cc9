package io.jhyve.hv.hvf;

import io.jhyve.memory.GuestMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * The mmio-forms guest's table of its accesses (java/guests/tests/mmio-forms.h): what the assembler
 * knew about each one. Read from guest memory where the guest announced it; the guest is trusted no
 * further than this test trusts its own fixtures, but a malformed table fails with what is wrong.
 */
record MmioFormsTable(List<Entry> entries) {
    /** Port the guest writes the table's guest-physical address to, then the bracketing OUTs' port. */
    static final int TABLE_PORT = 0xe0, SYNC_PORT = 0xe1;
    static final int MAGIC = 0x4f49_4d4d; // "MMIO"
    static final int HEADER_SIZE = 16, ENTRY_SIZE = 32;
    private static final int MAX_ENTRIES = 4096;

    /**
     * One access.
     *
     * @param index       its place in the table, counting from 0, which is also the order it runs in
     * @param insnLinear  where the instruction runs: CS base + RIP
     * @param insnPhys    where its bytes are in guest-physical memory
     * @param dataLinear  the linear address it accesses
     * @param length      its length in bytes
     * @param bits        64, 32 or 16: the code segment it runs in
     */
    record Entry(int index, long insnLinear, long insnPhys, long dataLinear, int length, int bits) { }

    static MmioFormsTable read(GuestMemory memory, long gpa) {
        if (!memory.isRam(gpa, HEADER_SIZE)) {
            throw new IllegalStateException(String.format("mmio-forms table at 0x%x is not in guest RAM", gpa));
        }
        long magic = memory.readU32(gpa), count = memory.readU32(gpa + 4), entrySize = memory.readU32(gpa + 8);
        if (magic != MAGIC || entrySize != ENTRY_SIZE || count == 0 || count > MAX_ENTRIES
                || !memory.isRam(gpa + HEADER_SIZE, count * ENTRY_SIZE)) {
            throw new IllegalStateException(String.format("mmio-forms table at 0x%x: magic 0x%x (want 0x%x), "
                    + "%d entries of %d bytes (want 1-%d of %d, in RAM)", gpa, magic, MAGIC, count, entrySize,
                    MAX_ENTRIES, ENTRY_SIZE));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long e = gpa + HEADER_SIZE + (long) i * ENTRY_SIZE;
            entries.add(new Entry(i, memory.readU64(e), memory.readU64(e + 8), memory.readU64(e + 16),
                    (int) memory.readU32(e + 24), (int) memory.readU32(e + 28)));
        }
        return new MmioFormsTable(List.copyOf(entries));
    }
}

package io.jhyve.hv;

/** Segment, descriptor-table and control registers of one vCPU, plus EFER and the APIC base. */
public record SpecialRegisters(Segment cs, Segment ds, Segment es, Segment fs, Segment gs, Segment ss,
                               Segment tr, Segment ldt, DescriptorTable gdt, DescriptorTable idt,
                               long cr0, long cr2, long cr3, long cr4, long cr8, long efer, long apicBase) {
    // Control register bits (SDM Vol. 3 §2.5) and EFER bits (§2.2.1).
    public static final long CR0_PE = 1L, CR0_MP = 1L << 1, CR0_ET = 1L << 4, CR0_NE = 1L << 5,
            CR0_WP = 1L << 16, CR0_AM = 1L << 18, CR0_PG = 1L << 31;
    public static final long CR4_PAE = 1L << 5, CR4_PGE = 1L << 7, CR4_OSFXSR = 1L << 9,
            CR4_OSXMMEXCPT = 1L << 10;
    public static final long EFER_SCE = 1L, EFER_LME = 1L << 8, EFER_LMA = 1L << 10, EFER_NXE = 1L << 11;

    public SpecialRegisters withApicBase(long value) {
        return new SpecialRegisters(cs, ds, es, fs, gs, ss, tr, ldt, gdt, idt, cr0, cr2, cr3, cr4, cr8, efer, value);
    }

    public boolean longMode() { return (efer & EFER_LMA) != 0; }

    public boolean paging() { return (cr0 & CR0_PG) != 0; }

    public boolean protectedMode() { return (cr0 & CR0_PE) != 0; }

    @Override
    public String toString() {
        return String.format("CR0=%016x CR2=%016x CR3=%016x CR4=%016x CR8=%x EFER=%x APIC_BASE=%x%n"
                + "CS : %s%nDS : %s%nES : %s%nFS : %s%nGS : %s%nSS : %s%nTR : %s%nLDT: %s%nGDT: %s%nIDT: %s",
                cr0, cr2, cr3, cr4, cr8, efer, apicBase, cs, ds, es, fs, gs, ss, tr, ldt, gdt, idt);
    }
}

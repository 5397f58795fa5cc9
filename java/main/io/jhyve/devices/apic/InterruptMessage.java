package io.jhyve.devices.apic;

/**
 * One interrupt message on the APIC bus, as an ICR write (SDM Vol. 3 §11.6.1) or an IOAPIC
 * redirection entry (82093AA datasheet §3.2.4) describes it.
 *
 * @param destination  the 8-bit destination field: an APIC ID (physical) or a logical mask
 * @param logical      destination mode: logical (LDR/DFR matching) rather than physical
 * @param deliveryMode bits 10:8: {@link #FIXED}, {@link #LOWEST_PRIORITY}, {@link #INIT}, {@link #STARTUP}, ...
 * @param vector       the vector (for STARTUP: the page number of the start-up code)
 * @param levelTriggered trigger mode: a level-triggered interrupt sets TMR and its EOI is broadcast
 * @param shorthand    ICR bits 19:18: {@link #NO_SHORTHAND}, {@link #SELF}, {@link #ALL_INCLUDING_SELF},
 *                     {@link #ALL_EXCLUDING_SELF}
 */
public record InterruptMessage(int destination, boolean logical, int deliveryMode, int vector, boolean levelTriggered,
                               int shorthand) {
    public static final int FIXED = 0, LOWEST_PRIORITY = 1, SMI = 2, NMI = 4, INIT = 5, STARTUP = 6, EXT_INT = 7;
    public static final int NO_SHORTHAND = 0, SELF = 1, ALL_INCLUDING_SELF = 2, ALL_EXCLUDING_SELF = 3;
    /** Physical destination 0xFF: every local APIC (xAPIC broadcast). */
    public static final int BROADCAST = 0xff;
}

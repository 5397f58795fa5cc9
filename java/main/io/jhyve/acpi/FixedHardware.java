package io.jhyve.acpi;

/**
 * jhyve's ACPI fixed hardware (ACPI 6.4 §4.8, "ACPI Hardware Model"): a PM1a event block and a PM1a
 * control block on I/O ports, a reset register, and the SCI on ISA IRQ 9. No PM1b, PM2, PM timer or
 * GPE blocks: the FADT leaves them zero, which ACPICA accepts for the optional blocks.
 *
 * <p>Why fixed hardware rather than the hardware-reduced model Firecracker and QEMU's microvm use: a
 * hardware-reduced FADT makes Linux treat the platform as having no legacy PIC, PIT or CMOS
 * (arch/x86 acpi_reduced_hw_init swaps in a null legacy PIC and skips the timer setup), and jhyve's
 * machine has all three. And the fixed power button needs no AML: the guest enables PWRBTN_EN and
 * gets an SCI when jhyve sets PWRBTN_STS, where a hardware-reduced machine needs a GED device whose
 * _EVT method Notifies a power-button device.
 */
public final class FixedHardware {
    private FixedHardware() { }

    /** PM1a_EVT_BLK: PM1a_STS at +0 and PM1a_EN at +2, 16 bits each (§4.8.3.1). */
    public static final int PM1A_EVT_BLK = 0x600;
    public static final int PM1_EVT_LEN = 4;
    /** PM1a_CNT_BLK: PM1a_CNT, 16 bits (§4.8.3.2.1). */
    public static final int PM1A_CNT_BLK = 0x604;
    public static final int PM1_CNT_LEN = 2;
    /** RESET_REG (§4.8.3.6): an 8-bit I/O register; writing {@link #RESET_VALUE} resets the machine. */
    public static final int RESET_REG = 0x608;
    public static final int RESET_VALUE = 0x01;
    /** First and size of the port range the PM device answers: PM1a event, control and reset. */
    public static final int PM_PORT_BASE = PM1A_EVT_BLK;
    public static final int PM_PORT_COUNT = 0x10;

    /** SCI_INT: the SCI's ISA IRQ, and GSI through the identity override in the MADT. */
    public static final int SCI_INT = 9;

    /** The SLP_TYPa value the DSDT's \_S5 package names for soft-off; any 3-bit value works. */
    public static final int SLP_TYP_S5 = 5;

    // PM1 status register bits (§4.8.3.1.1, Table 4.16); write 1 to clear.
    public static final int TMR_STS = 1 << 0, BM_STS = 1 << 4, GBL_STS = 1 << 5, PWRBTN_STS = 1 << 8,
            SLPBTN_STS = 1 << 9, RTC_STS = 1 << 10, WAK_STS = 1 << 15;
    // PM1 enable register bits (Table 4.17).
    public static final int TMR_EN = 1 << 0, GBL_EN = 1 << 5, PWRBTN_EN = 1 << 8, SLPBTN_EN = 1 << 9,
            RTC_EN = 1 << 10;
    // PM1 control register bits (§4.8.3.2.1, Table 4.18).
    public static final int SCI_EN = 1 << 0, BM_RLD = 1 << 1, GBL_RLS = 1 << 2, SLP_TYP_SHIFT = 10,
            SLP_TYP_MASK = 7 << SLP_TYP_SHIFT, SLP_EN = 1 << 13;
}

package io.jhyve.acpi;

/**
 * The Fixed ACPI Description Table (ACPI 6.4 §5.2.9, Table 5.9), signature "FACP", revision 6:
 * where the FACS, the DSDT and {@link FixedHardware}'s registers are. The 32-bit block addresses
 * and their X_ Generic Address twins say the same thing, so ACPICA finds no mismatch to warn about.
 * FIRMWARE_CTRL is 0 because X_FIRMWARE_CTRL is set (Table 5.9 requires one of them to be zero).
 */
public final class Fadt {
    public static final String SIGNATURE = "FACP";
    public static final int REVISION = 6;
    /** FADT Minor Version: ACPI 6.3, the newest the Debian iasl in CI knows. */
    public static final int MINOR_REVISION = 3;
    public static final int LENGTH = 276;

    // Field offsets (Table 5.9).
    public static final int FIRMWARE_CTRL = 36, DSDT = 40, PREFERRED_PM_PROFILE = 45, SCI_INT = 46,
            SMI_CMD = 48, PM1A_EVT_BLK = 56, PM1A_CNT_BLK = 64, PM_TMR_BLK = 76, PM1_EVT_LEN = 88,
            PM1_CNT_LEN = 89, P_LVL2_LAT = 96, P_LVL3_LAT = 98, CENTURY = 108, IAPC_BOOT_ARCH = 109,
            FLAGS = 112, RESET_REG = 116, RESET_VALUE = 128, FADT_MINOR_VERSION = 131, X_FIRMWARE_CTRL = 132,
            X_DSDT = 140, X_PM1A_EVT_BLK = 148, X_PM1A_CNT_BLK = 172, SLEEP_CONTROL_REG = 244,
            HYPERVISOR_VENDOR_IDENTITY = 268;

    /** Preferred_PM_Profile 0: unspecified (a VM is none of desktop, mobile, server...). */
    public static final int PM_PROFILE_UNSPECIFIED = 0;
    /** P_LVL2_LAT above 100 and P_LVL3_LAT above 1000 mean "C2/C3 not supported". */
    public static final int C2_NOT_SUPPORTED = 101, C3_NOT_SUPPORTED = 1001;

    // IA-PC Boot Architecture Flags (Table 5.10).
    public static final int LEGACY_DEVICES = 1 << 0, IAPC_8042 = 1 << 1, VGA_NOT_PRESENT = 1 << 2,
            MSI_NOT_SUPPORTED = 1 << 3, CMOS_RTC_NOT_PRESENT = 1 << 5;
    // Fixed Feature Flags (Table 5.11).
    public static final int WBINVD = 1 << 0, PROC_C1 = 1 << 2, PWR_BUTTON = 1 << 4, SLP_BUTTON = 1 << 5,
            FIX_RTC = 1 << 6, RESET_REG_SUP = 1 << 10, HW_REDUCED_ACPI = 1 << 20;

    /** "JHYVE" in the hypervisor vendor identity field, as a little-endian 64-bit value. */
    public static final long HYPERVISOR_VENDOR = 0x0000_0045_5659_484aL;

    private Fadt() { }

    public static byte[] build(long facsAddress, long dsdtAddress) {
        GenericAddress pm1aEvt = GenericAddress.io(FixedHardware.PM1A_EVT_BLK, 8 * FixedHardware.PM1_EVT_LEN,
                GenericAddress.ACCESS_WORD);
        GenericAddress pm1aCnt = GenericAddress.io(FixedHardware.PM1A_CNT_BLK, 8 * FixedHardware.PM1_CNT_LEN,
                GenericAddress.ACCESS_WORD);
        GenericAddress reset = GenericAddress.io(FixedHardware.RESET_REG, 8, GenericAddress.ACCESS_BYTE);

        TableWriter w = new TableWriter().header(SIGNATURE, REVISION);
        w.u32(0).u32(dsdtAddress);
        w.u8(0).u8(PM_PROFILE_UNSPECIFIED).u16(FixedHardware.SCI_INT);
        // SMI_CMD 0: no SMM to ask, the machine is always in ACPI mode (ACPI_ENABLE/DISABLE unused).
        w.u32(0).u8(0).u8(0).u8(0).u8(0);
        w.u32(FixedHardware.PM1A_EVT_BLK).u32(0).u32(FixedHardware.PM1A_CNT_BLK).u32(0);
        w.u32(0).u32(0).u32(0).u32(0); // PM2_CNT_BLK, PM_TMR_BLK, GPE0_BLK, GPE1_BLK: none
        w.u8(FixedHardware.PM1_EVT_LEN).u8(FixedHardware.PM1_CNT_LEN).u8(0).u8(0).u8(0).u8(0).u8(0);
        w.u8(0); // CST_CNT
        w.u16(C2_NOT_SUPPORTED).u16(C3_NOT_SUPPORTED).u16(0).u16(0); // latencies, FLUSH_SIZE/STRIDE
        w.u8(0).u8(0); // DUTY_OFFSET, DUTY_WIDTH
        w.u8(0).u8(0).u8(io.jhyve.devices.legacy.CmosRtc.CMOS_CENTURY); // DAY_ALRM, MON_ALRM, CENTURY
        w.u16(LEGACY_DEVICES | IAPC_8042 | VGA_NOT_PRESENT | MSI_NOT_SUPPORTED).u8(0);
        // PWR_BUTTON clear: the power button is the fixed-feature one. No sleep button, no RTC wake.
        w.u32(WBINVD | PROC_C1 | SLP_BUTTON | FIX_RTC | RESET_REG_SUP);
        w.gas(reset).u8(FixedHardware.RESET_VALUE);
        w.u16(0).u8(MINOR_REVISION); // ARM_BOOT_ARCH, FADT Minor Version
        w.u64(facsAddress).u64(dsdtAddress);
        w.gas(pm1aEvt).gas(GenericAddress.NONE).gas(pm1aCnt).gas(GenericAddress.NONE);
        w.gas(GenericAddress.NONE).gas(GenericAddress.NONE).gas(GenericAddress.NONE).gas(GenericAddress.NONE);
        w.gas(GenericAddress.NONE).gas(GenericAddress.NONE); // SLEEP_CONTROL/STATUS_REG: hardware-reduced only
        w.u64(HYPERVISOR_VENDOR);
        byte[] t = w.finish();
        if (t.length != LENGTH) throw new AssertionError("FADT is " + t.length + " bytes, not " + LENGTH);
        return t;
    }
}

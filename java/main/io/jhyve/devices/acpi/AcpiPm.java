package io.jhyve.devices.acpi;

import static io.jhyve.acpi.FixedHardware.*;

import io.jhyve.acpi.FixedHardware;
import io.jhyve.devices.AddressRange;
import io.jhyve.devices.BusDevice;
import io.jhyve.devices.IrqLine;
import io.jhyve.devices.MachineControl;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ACPI fixed-hardware registers the FADT points at (ACPI 6.4 §4.8): PM1a_STS, PM1a_EN, PM1a_CNT
 * and the reset register, on the ports of {@link FixedHardware}. Three things happen here:
 * <ul>
 *   <li>the power button: {@link #pressPowerButton()} sets PWRBTN_STS; while it and PWRBTN_EN are
 *       both set the SCI line is up, and the guest's write of 1 to PWRBTN_STS acknowledges it
 *       (§4.8.2.2.1.1, "Fixed Power Button");</li>
 *   <li>soft-off: SLP_EN written with SLP_TYP = the \_S5 value powers the machine off
 *       (§4.8.3.2.1, §16.1.6 "Transitioning from the Working to the Soft Off State");</li>
 *   <li>reset: {@link FixedHardware#RESET_VALUE} written to RESET_REG (§4.8.3.6).</li>
 * </ul>
 * Accesses of any width and alignment inside the range work byte by byte, so a guest reading
 * PM1a_EVT_BLK as one 32-bit value gets STS and EN together. SCI_EN reads as set: there is no SMM
 * and the machine is always in ACPI mode.
 */
public final class AcpiPm implements BusDevice {
    private static final int STS = PM1A_EVT_BLK - PM_PORT_BASE;
    private static final int EN = STS + 2;
    private static final int CNT = PM1A_CNT_BLK - PM_PORT_BASE;
    private static final int RESET = RESET_REG - PM_PORT_BASE;
    /** Status bits this hardware can ever set; the rest read as 0. */
    private static final int STS_IMPLEMENTED = PWRBTN_STS;
    private static final int EN_IMPLEMENTED = TMR_EN | GBL_EN | PWRBTN_EN | SLPBTN_EN | RTC_EN;

    private final IrqLine sci;
    private final MachineControl machine;
    private int status;
    private int enable;
    private int control = SCI_EN;
    private long powerButtonPresses;

    public AcpiPm(IrqLine sci, MachineControl machine) {
        this.sci = sci;
        this.machine = machine;
    }

    /** Where to attach it on the port-I/O bus. */
    public static AddressRange range() { return new AddressRange(PM_PORT_BASE, PM_PORT_COUNT); }

    @Override
    public String name() { return String.format("acpi-pm@0x%x", PM_PORT_BASE); }

    /**
     * Presses the power button. Returns whether the guest listens for it (PWRBTN_EN set), that is,
     * whether the press raised an SCI; either way PWRBTN_STS stays set until the guest clears it.
     */
    public synchronized boolean pressPowerButton() {
        powerButtonPresses++;
        status |= PWRBTN_STS;
        updateSci();
        return (enable & PWRBTN_EN) != 0;
    }

    /** True once the guest has enabled the power-button event. */
    public synchronized boolean powerButtonEnabled() { return (enable & PWRBTN_EN) != 0; }

    @Override
    public synchronized long read(long offset, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) v |= (long) readByte((int) offset + i) << (8 * i);
        return v;
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
        for (int i = 0; i < size; i++) writeByte((int) offset + i, (int) (value >>> (8 * i)) & 0xff);
    }

    private int readByte(int at) {
        if (at == STS || at == STS + 1) return byteOf(status, at - STS);
        if (at == EN || at == EN + 1) return byteOf(enable, at - EN);
        if (at == CNT || at == CNT + 1) return byteOf(control, at - CNT);
        return 0; // RESET_REG is write-only; the rest of the range is unused
    }

    private void writeByte(int at, int b) {
        if (at == STS || at == STS + 1) {
            status &= ~(b << (8 * (at - STS))); // write 1 to clear
            updateSci();
        } else if (at == EN || at == EN + 1) {
            enable = withByte(enable, at - EN, b) & EN_IMPLEMENTED;
            updateSci();
        } else if (at == CNT) {
            control = withByte(control, 0, b) | SCI_EN;
        } else if (at == CNT + 1) {
            control = withByte(control, 1, b) & ~SLP_EN; // SLP_EN is write-only and reads as 0
            int slpTyp = ((b << 8) & SLP_TYP_MASK) >>> SLP_TYP_SHIFT;
            if ((b << 8 & SLP_EN) != 0) sleep(slpTyp);
        } else if (at == RESET && b == RESET_VALUE) {
            machine.requestReset(String.format("ACPI reset register (0x%x written to port 0x%x)", b, RESET_REG));
        }
    }

    /** SLP_EN: only S5 exists here; other sleep types are not in the DSDT and are ignored. */
    private void sleep(int slpTyp) {
        if (slpTyp == SLP_TYP_S5) {
            machine.requestPowerOff(String.format("ACPI S5 soft-off (SLP_TYP %d with SLP_EN to port 0x%x)",
                    slpTyp, PM1A_CNT_BLK), 0);
        }
    }

    private void updateSci() {
        sci.set((status & enable & STS_IMPLEMENTED) != 0);
    }

    private static int byteOf(int reg, int index) { return (reg >>> (8 * index)) & 0xff; }

    private static int withByte(int reg, int index, int b) {
        return (reg & ~(0xff << (8 * index))) | (b << (8 * index));
    }

    @Override
    public synchronized Map<String, Long> stats() {
        Map<String, Long> s = new LinkedHashMap<>();
        s.put("PM1a_STS", (long) status);
        s.put("PM1a_EN", (long) enable);
        s.put("PM1a_CNT", (long) control);
        s.put("power-button presses", powerButtonPresses);
        return s;
    }

    @Override
    public synchronized void reset() {
        status = 0;
        enable = 0;
        control = SCI_EN;
        updateSci();
    }
}

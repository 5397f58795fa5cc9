package io.jhyve.devices.apic;

import io.jhyve.devices.BusDevice;

/**
 * The local APIC page at 0xFEE00000 on the MMIO bus. Every processor sees its own APIC at that
 * address (SDM Vol. 3 §11.4.1), so the page resolves the APIC of the calling vCPU thread, bound
 * once with {@link #bindCurrentThread} when the vCPU is created on it. Only aligned 32-bit
 * accesses reach a register (§11.4.1: "32-bit aligned ... 128-bit boundaries"); others read 0 and
 * are ignored.
 */
public final class ApicPage implements BusDevice {
    public static final long APIC_BASE = 0xfee0_0000L;
    public static final int SIZE = 0x1000;

    private final ThreadLocal<LocalApic> current = new ThreadLocal<>();

    @Override public String name() { return "local-apic@0xfee00000"; }

    /** Makes {@code apic} the one the calling thread's accesses reach. */
    public void bindCurrentThread(LocalApic apic) {
        current.set(apic);
    }

    @Override
    public long read(long offset, int size) {
        LocalApic apic = current.get();
        return apic == null || size != 4 || (offset & 0xf) != 0 ? 0 : apic.readRegister((int) offset) & 0xffff_ffffL;
    }

    @Override
    public void write(long offset, int size, long value) {
        LocalApic apic = current.get();
        if (apic != null && size == 4 && (offset & 0xf) == 0) apic.writeRegister((int) offset, (int) value);
    }
}

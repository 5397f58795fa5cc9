package io.jhyve.hv.hvf;

import java.util.Arrays;

/**
 * An ordered list of shim ids ({@link HvfNative#HVS_REG} register, {@link HvfNative#HVS_VMCS}
 * field, {@link HvfNative#HVS_MSR}) with values, moved in one {@code hvs_get}/{@code hvs_set}
 * call. Tests read it back to see exactly what a vCPU would be given.
 */
public final class VmcsBatch {
    private int[] ids = new int[64];
    private long[] values = new long[64];
    private int size;

    public VmcsBatch register(int hvX86Reg, long value) { return add(HvfNative.HVS_REG | hvX86Reg, value); }

    public VmcsBatch vmcs(int field, long value) { return add(HvfNative.vmcs(field), value); }

    public VmcsBatch add(int id, long value) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        ids[size] = id;
        values[size++] = value;
        return this;
    }

    public int size() { return size; }

    public int id(int i) { return ids[i]; }

    public long value(int i) { return values[i]; }

    int[] ids() { return ids; }

    long[] values() { return values; }

    /** The value written to VMCS {@code field}; the last one wins, as on the vCPU. */
    public long vmcsValue(int field) {
        for (int i = size - 1; i >= 0; i--) {
            if (ids[i] == HvfNative.vmcs(field)) return values[i];
        }
        throw new IllegalArgumentException(String.format("no write to VMCS field %s", ShimIds.describe(HvfNative.vmcs(field))));
    }

    public long registerValue(int hvX86Reg) {
        for (int i = size - 1; i >= 0; i--) {
            if (ids[i] == (HvfNative.HVS_REG | hvX86Reg)) return values[i];
        }
        throw new IllegalArgumentException("no write to register " + hvX86Reg);
    }

    public boolean writes(int id) {
        for (int i = 0; i < size; i++) if (ids[i] == id) return true;
        return false;
    }
}

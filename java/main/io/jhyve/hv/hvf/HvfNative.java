package io.jhyve.hv.hvf;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The native-hvf shim (native-hvf/hvshim.h) bound with JNA direct mapping: primitive arrays, no
 * structures, so an exit costs a couple of native calls and no reflection. The library is
 * registered once per JVM by {@link #load}: "hvshim" (the dylib inside jhyve.jar on macOS) or a
 * path, such as the Linux build of the shim over the fake framework that the contract tests use.
 */
public final class HvfNative {
    /** The shim ABI this Java code speaks; the shim's {@code HVS_ABI_VERSION} must equal it. */
    public static final int ABI_VERSION = 1;

    // hvs_get/hvs_set id kinds (bits 31:30), as in hvshim.h.
    public static final int HVS_REG = 0x0000_0000, HVS_MSR = 0x4000_0000, HVS_VMCS = 0x8000_0000;

    private static String loaded;

    private HvfNative() { }

    /**
     * Binds the shim at {@code library} (a name or a path) and checks its ABI version. Binding is
     * once per JVM: asking for a different library later is an error.
     */
    public static synchronized void load(String library) {
        if (loaded == null) {
            Native.register(HvfNative.class, NativeLibrary.getInstance(library));
            loaded = library;
            int abi = hvs_abi_version();
            if (abi != ABI_VERSION) {
                throw new IllegalStateException(String.format(
                        "HVF shim %s has ABI version %d but this jhyve needs %d: rebuild native-hvf with this jhyve",
                        library, abi, ABI_VERSION));
            }
        } else if (!loaded.equals(library)) {
            throw new IllegalStateException("HVF shim " + loaded + " is already loaded; cannot also load " + library);
        }
    }

    public static int vmcs(int field) { return HVS_VMCS | field; }

    public static int msr(int index) { return HVS_MSR | index; }

    public static native int hvs_abi_version();

    public static native int hvs_hv_supported();

    public static native int hvs_vm_create(long flags);

    public static native int hvs_vm_destroy();

    public static native Pointer hvs_ram_alloc(long len);

    public static native int hvs_ram_free(Pointer addr, long len);

    public static native int hvs_vm_map(long uva, long gpa, long len, long flags);

    public static native int hvs_vm_unmap(long gpa, long len);

    public static native int hvs_vm_protect(long gpa, long len, long flags);

    public static native int hvs_read_vmx_cap(int which, long[] value);

    public static native void hvs_host_cpuid(int leaf, int subleaf, int[] out);

    public static native int hvs_vcpu_create(int[] vcpu);

    public static native int hvs_vcpu_destroy(int vcpu);

    public static native int hvs_get(int vcpu, int[] ids, long[] values, int n, int[] failed);

    public static native int hvs_set(int vcpu, int[] ids, long[] values, int n, int[] failed);

    public static native int hvs_msr_native(int vcpu, int msr, int enable);

    public static native int hvs_invalidate_tlb(int vcpu);

    public static native int hvs_run(int vcpu, long deadline);

    public static native int hvs_kick(int[] vcpus, int count);
}

package io.jhyve.hv.hvf;

import io.jhyve.memory.GuestMemory;

import io.jhyve.hv.Hypervisor;
import io.jhyve.hv.VirtualMachine;
import io.jhyve.hv.VmOptions;

/**
 * The Hypervisor.framework backend (Intel Macs) through the native-hvf shim. Opening it checks,
 * in order, the platform, the shim and its ABI version, {@code kern.hv_support}, and the VMX
 * capabilities against the controls jhyve needs, so that each missing piece is reported before any
 * VM exists. The VM itself is created by {@link #createVm}, where a missing entitlement shows.
 */
public final class Hvf implements Hypervisor {
    /** System property naming the shim library (a name or a path); default "hvshim", inside jhyve.jar on macOS. */
    public static final String LIBRARY_PROPERTY = "jhyve.hvshim";

    private final VmxCapabilities caps;
    private final VmxControls controls;

    private Hvf(VmxCapabilities caps, VmxControls controls) {
        this.caps = caps;
        this.controls = controls;
    }

    /** Opens the backend on a Mac. */
    public static Hvf open() {
        String problem = HvfAvailability.platformProblem(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (problem != null) throw new HvfException("Hypervisor.framework", problem);
        return openLibrary(System.getProperty(LIBRARY_PROPERTY, "hvshim"));
    }

    /** Opens the backend through the shim at {@code library} without the platform check (tests on Linux use the fake). */
    public static Hvf openLibrary(String library) {
        HvfNative.load(library);
        String problem = HvfAvailability.hvSupportProblem(HvfNative.hvs_hv_supported());
        if (problem != null) throw new HvfException("sysctl kern.hv_support", problem);
        VmxCapabilities caps = VmxCapabilities.read(which -> {
            long[] v = new long[1];
            HvReturn.check("hv_vmx_read_capability", HvfNative.hvs_read_vmx_cap(which, v), "capability " + which);
            return v[0];
        });
        return new Hvf(caps, VmxControls.compute(caps));
    }

    public VmxCapabilities capabilities() { return caps; }

    public VmxControls controls() { return controls; }

    @Override
    public String name() { return "Hypervisor.framework"; }

    @Override
    public GuestMemory allocateRam(long ramBytes) {
        return HvfRam.allocate(ramBytes);
    }

    @Override
    public VirtualMachine createVm(VmOptions options) {
        int rc = HvfNative.hvs_vm_create(0);
        if (rc != HvReturn.HV_SUCCESS) {
            String java = ProcessHandle.current().info().command().orElse("java");
            throw new HvfException("hv_vm_create", HvfAvailability.vmCreateProblem(rc, java));
        }
        return new HvfVm(caps, controls, options);
    }

    @Override
    public void close() { }
}

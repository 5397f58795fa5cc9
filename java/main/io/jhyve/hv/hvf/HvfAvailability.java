package io.jhyve.hv.hvf;

/**
 * Why Hypervisor.framework cannot run jhyve here, decided from what the host reports; each
 * answer says what to do. Pure functions, so the decisions are tested without a Mac.
 */
public final class HvfAvailability {
    /** The entitlement a process's main executable needs to call Hypervisor.framework (Apple's entitlement reference). */
    public static final String ENTITLEMENT = "com.apple.security.hypervisor";

    private HvfAvailability() { }

    /** Null when this OS and architecture can use jhyve's HVF backend; otherwise why not. */
    public static String platformProblem(String osName, String osArch) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).startsWith("mac")) {
            return "HVF: Hypervisor.framework exists only on macOS, this is " + osName + "; use the KVM backend";
        }
        if (osArch.equals("aarch64") || osArch.equals("arm64")) {
            return "HVF: this is an Apple Silicon Mac (" + osArch + "); jhyve's HVF backend supports Intel Macs only "
                    + "(Apple Silicon has a different Hypervisor.framework API and runs arm64 kernels)";
        }
        return null;
    }

    /** Null when sysctl kern.hv_support says yes; {@code value} is 1, 0, or -1 when it could not be read. */
    public static String hvSupportProblem(int value) {
        return switch (value) {
            case 1 -> null;
            case 0 -> "HVF: sysctl kern.hv_support is 0: this Mac's CPU lacks VT-x with EPT and unrestricted guest, "
                    + "or macOS itself runs in a VM without nested virtualization";
            default -> "HVF: sysctl kern.hv_support could not be read; this macOS may predate Hypervisor.framework (10.10)";
        };
    }

    /** The message for a failed {@code hv_vm_create}; {@code javaCommand} is this process's executable. */
    public static String vmCreateProblem(int rc, String javaCommand) {
        return switch (rc) {
            case HvReturn.HV_DENIED, HvReturn.HV_UNSUPPORTED -> String.format("HVF: hv_vm_create returned %s: the java "
                    + "executable %s lacks the %s entitlement; run scripts/macos-sign to make an ad-hoc signed copy of "
                    + "the JDK launcher and start jhyve with it (JAVA_HOME=<copy> scripts/jhyve ...)",
                    HvReturn.name(rc), javaCommand, ENTITLEMENT);
            case HvReturn.HV_BUSY -> "HVF: hv_vm_create returned " + HvReturn.name(rc)
                    + ": this process already has a VM (Hypervisor.framework allows one per process)";
            case HvReturn.HV_NO_DEVICE -> "HVF: hv_vm_create returned " + HvReturn.name(rc)
                    + ": the processor does not support Hypervisor.framework";
            default -> "HVF: hv_vm_create returned " + HvReturn.name(rc);
        };
    }
}

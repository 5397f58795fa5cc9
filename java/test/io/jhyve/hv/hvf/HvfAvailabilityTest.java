package io.jhyve.hv.hvf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HvfAvailabilityTest {
    @Test
    void intelMacIsSupported() {
        assertNull(HvfAvailability.platformProblem("Mac OS X", "x86_64"));
        assertNull(HvfAvailability.hvSupportProblem(1));
    }

    @Test
    void otherPlatformsAreNamed() {
        assertEquals("HVF: Hypervisor.framework exists only on macOS, this is Linux; use the KVM backend",
                HvfAvailability.platformProblem("Linux", "amd64"));
        assertEquals("HVF: this is an Apple Silicon Mac (aarch64); jhyve's HVF backend supports Intel Macs only "
                + "(Apple Silicon has a different Hypervisor.framework API and runs arm64 kernels)",
                HvfAvailability.platformProblem("Mac OS X", "aarch64"));
    }

    @Test
    void noHardwareSupport() {
        assertEquals("HVF: sysctl kern.hv_support is 0: this Mac's CPU lacks VT-x with EPT and unrestricted guest, "
                + "or macOS itself runs in a VM without nested virtualization", HvfAvailability.hvSupportProblem(0));
    }

    @Test
    void missingEntitlement() {
        assertEquals("HVF: hv_vm_create returned HV_DENIED (0xfae94007): the java executable /opt/jdk/bin/java lacks "
                + "the com.apple.security.hypervisor entitlement; run scripts/macos-sign to make an ad-hoc signed copy "
                + "of the JDK launcher and start jhyve with it (JAVA_HOME=<copy> scripts/jhyve ...)",
                HvfAvailability.vmCreateProblem(HvReturn.HV_DENIED, "/opt/jdk/bin/java"));
        assertEquals(HvfAvailability.vmCreateProblem(HvReturn.HV_DENIED, "j").replace("HV_DENIED (0xfae94007)",
                "HV_UNSUPPORTED (0xfae9400f)"), HvfAvailability.vmCreateProblem(HvReturn.HV_UNSUPPORTED, "j"));
    }

    @Test
    void secondVmInOneProcess() {
        assertEquals("HVF: hv_vm_create returned HV_BUSY (0xfae94002): this process already has a VM "
                + "(Hypervisor.framework allows one per process)", HvfAvailability.vmCreateProblem(HvReturn.HV_BUSY, "j"));
    }
}

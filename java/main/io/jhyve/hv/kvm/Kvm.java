package io.jhyve.hv.kvm;

import static io.jhyve.hv.kvm.sys.KvmApi.*;

import com.sun.jna.LastErrorException;
import io.jhyve.hv.Hypervisor;
import io.jhyve.hv.HypervisorException;
import io.jhyve.hv.VirtualMachine;
import io.jhyve.hv.VmOptions;
import io.jhyve.sys.LibC;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KVM backend: {@code /dev/kvm} opened once, checked for the API version and every capability
 * jhyve relies on before any VM exists, so a missing feature is named up front rather than showing
 * up as an odd failure later (Documentation/virt/kvm/api.rst §4.1, §4.4).
 */
public final class Kvm implements Hypervisor {
    public static final String DEFAULT_DEVICE = "/dev/kvm";

    /** Capabilities without which jhyve cannot run a guest, and what each is for. */
    static final Map<Integer, String> REQUIRED_CAPS = new LinkedHashMap<>();

    static {
        REQUIRED_CAPS.put(KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY (guest RAM from our own mmap)");
        REQUIRED_CAPS.put(KVM_CAP_IRQCHIP, "KVM_CAP_IRQCHIP (in-kernel PIC, IOAPIC and LAPIC)");
        REQUIRED_CAPS.put(KVM_CAP_PIT2, "KVM_CAP_PIT2 (in-kernel 8254 PIT)");
        REQUIRED_CAPS.put(KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR (real-mode TSS on Intel)");
        REQUIRED_CAPS.put(KVM_CAP_SET_IDENTITY_MAP_ADDR, "KVM_CAP_SET_IDENTITY_MAP_ADDR (EPT identity map on Intel)");
        REQUIRED_CAPS.put(KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID (KVM_GET_SUPPORTED_CPUID)");
        REQUIRED_CAPS.put(KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT (kicking a vCPU out of KVM_RUN)");
    }

    private final int fd;
    private final int vcpuMmapSize;
    private final int maxVcpus;

    private Kvm(int fd) {
        this.fd = fd;
        try {
            int version = LibC.ioctl(fd, KVM_GET_API_VERSION, 0L);
            if (version != KVM_API_VERSION) {
                throw new HypervisorException("KVM_GET_API_VERSION", "version " + version,
                        "jhyve needs KVM API version " + KVM_API_VERSION);
            }
            for (Map.Entry<Integer, String> cap : REQUIRED_CAPS.entrySet()) {
                if (checkExtension(cap.getKey()) <= 0) {
                    throw new HypervisorException("KVM_CHECK_EXTENSION", "capability missing",
                            "this KVM lacks " + cap.getValue() + ", which jhyve needs");
                }
            }
            this.vcpuMmapSize = LibC.ioctl(fd, KVM_GET_VCPU_MMAP_SIZE, 0L);
            int max = checkExtension(KVM_CAP_MAX_VCPUS);
            this.maxVcpus = max > 0 ? max : Math.max(1, checkExtension(KVM_CAP_NR_VCPUS));
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw KvmErrors.failed("KVM system ioctl", e, "");
        } catch (RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    /** Opens {@code /dev/kvm}, or says precisely why it cannot. */
    public static Kvm open() {
        return open(DEFAULT_DEVICE);
    }

    public static Kvm open(String device) {
        try {
            return new Kvm(LibC.open(device, LibC.O_RDWR | LibC.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw KvmErrors.openFailed(device, e);
        }
    }

    /** Why KVM cannot be used here, or null when {@code /dev/kvm} opens; for tests that skip. */
    public static String unavailableReason() {
        if (!Files.exists(Path.of(DEFAULT_DEVICE))) return DEFAULT_DEVICE + " does not exist";
        try (Kvm kvm = open()) {
            return null;
        } catch (HypervisorException e) {
            return e.getMessage();
        } catch (UnsatisfiedLinkError e) {
            return "cannot load libc through JNA: " + e.getMessage();
        }
    }

    int checkExtension(int cap) {
        try {
            return LibC.ioctl(fd, KVM_CHECK_EXTENSION, (long) cap);
        } catch (LastErrorException e) {
            return 0;
        }
    }

    int fd() { return fd; }

    int vcpuMmapSize() { return vcpuMmapSize; }

    public int maxVcpus() { return maxVcpus; }

    @Override
    public String name() { return "KVM"; }

    @Override
    public VirtualMachine createVm(VmOptions options) {
        if (options.vcpus() < 1 || options.vcpus() > maxVcpus) {
            throw new HypervisorException("KVM_CREATE_VCPU", options.vcpus() + " vCPUs requested",
                    "this KVM allows 1 to " + maxVcpus);
        }
        int vmFd;
        try {
            vmFd = LibC.ioctl(fd, KVM_CREATE_VM, 0L);
        } catch (LastErrorException e) {
            throw KvmErrors.failed("KVM_CREATE_VM", e, "");
        }
        return new KvmVm(this, vmFd, options);
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}

package io.jhyve.hv.kvm;

import static io.jhyve.hv.kvm.sys.KvmApi.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.devices.legacy.TimerQueue;
import io.jhyve.hv.HypervisorException;
import io.jhyve.hv.IrqChip;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VirtualMachine;
import io.jhyve.hv.VmOptions;
import io.jhyve.hv.irqchip.UserspaceIrqChip;
import io.jhyve.memory.MemoryRegion;
import io.jhyve.sys.Errno;
import io.jhyve.sys.LibC;
import java.util.ArrayList;
import java.util.List;

/**
 * A KVM VM, by default with the in-kernel irqchip (two 8259 PICs, an IOAPIC, a LAPIC per vCPU) and
 * the in-kernel PIT. Order matters (api.rst): TSS and identity map before any vCPU, irqchip before
 * vCPUs so each gets an in-kernel LAPIC.
 *
 * <p>With {@link IrqChip#USERSPACE} (or {@code USERSPACE_PIC}) KVM emulates no interrupt controller
 * or timer: the VM carries jhyve's {@link UserspaceIrqChip}, as an HVF VM does, its devices reach
 * the VMM's buses through {@link #portDevices()} and {@link #mmioDevices()}, and each vCPU injects
 * with KVM_INTERRUPT (api.rst §4.16).
 */
final class KvmVm implements VirtualMachine {
    private final Kvm kvm;
    private final int fd;
    private final List<KvmVcpu> vcpus = new ArrayList<>();
    /** Null when the interrupt controllers are KVM's. */
    private final UserspaceIrqChip irqChip;
    private final Memory irqLevel = new Memory(8);
    private int nextSlot;
    private boolean closed;

    KvmVm(Kvm kvm, int fd, VmOptions options) {
        this.kvm = kvm;
        this.fd = fd;
        this.irqChip = switch (options.irqChip()) {
            case KERNEL -> null;
            case USERSPACE -> new UserspaceIrqChip(options.vcpus(), TimerQueue.threaded("kvm-timers"));
            case USERSPACE_PIC -> UserspaceIrqChip.legacyOnly(TimerQueue.threaded("kvm-timers"));
        };
        try {
            call("KVM_SET_TSS_ADDR", KVM_SET_TSS_ADDR, options.tssAddress());
            Memory addr = new Memory(8);
            addr.setLong(0, options.identityMapAddress());
            callPtr("KVM_SET_IDENTITY_MAP_ADDR", KVM_SET_IDENTITY_MAP_ADDR, addr);
            if (irqChip == null) createKernelIrqChip();
        } catch (RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    private void createKernelIrqChip() {
        call("KVM_CREATE_IRQCHIP", KVM_CREATE_IRQCHIP, 0);
        Memory pit = new Memory(64);
        pit.clear();
        // A dummy speaker keeps port 0x61 inside KVM, so the PIT's gate and output bits work there.
        pit.setInt(0, KVM_PIT_SPEAKER_DUMMY);
        callPtr("KVM_CREATE_PIT2", KVM_CREATE_PIT2, pit);
    }

    private int call(String name, long request, long arg) {
        try {
            return LibC.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw KvmErrors.failed(name, e, "");
        }
    }

    private int callPtr(String name, long request, com.sun.jna.Pointer arg) {
        try {
            return LibC.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw KvmErrors.failed(name, e, "");
        }
    }

    @Override
    public synchronized void mapMemory(MemoryRegion region) {
        Memory m = new Memory(32);
        m.setInt(0, nextSlot);
        m.setInt(4, 0);
        m.setLong(8, region.gpa());
        m.setLong(16, region.size());
        m.setLong(24, region.host().hostAddress());
        try {
            LibC.ioctl(fd, KVM_SET_USER_MEMORY_REGION, m);
        } catch (LastErrorException e) {
            throw KvmErrors.failed("KVM_SET_USER_MEMORY_REGION", e,
                    "mapping guest RAM " + region + " as slot " + nextSlot);
        }
        nextSlot++;
    }

    @Override
    public IrqChip irqChip() { return irqChip == null ? IrqChip.KERNEL : irqChip.kind(); }

    @Override
    public List<CpuidEntry> supportedCpuid() {
        // Ask with a growing buffer: KVM answers E2BIG while it is too small (api.rst §4.46).
        for (int capacity = 128; capacity <= 4096; capacity *= 2) {
            Memory m = KvmStructs.cpuid2(capacity);
            try {
                LibC.ioctl(kvm.fd(), KVM_GET_SUPPORTED_CPUID, m);
                List<CpuidEntry> leaves = KvmStructs.readCpuid2(m);
                if (irqChip != null) return KvmParavirtFeatures.withoutInKernelApicFeatures(irqChip.trimCpuid(leaves));
                return kvm.checkExtension(KvmTscDeadline.KVM_CAP_TSC_DEADLINE_TIMER) > 0
                        ? KvmTscDeadline.offered(leaves) : leaves;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.E2BIG) throw KvmErrors.failed("KVM_GET_SUPPORTED_CPUID", e, "");
            }
        }
        throw new HypervisorException("KVM_GET_SUPPORTED_CPUID", "E2BIG", "more than 4096 CPUID leaves");
    }

    @Override
    public synchronized Vcpu createVcpu(int id) {
        int vcpuFd = call("KVM_CREATE_VCPU", KVM_CREATE_VCPU, id);
        KvmVcpu vcpu = new KvmVcpu(id, vcpuFd, kvm.vcpuMmapSize(), irqChip);
        vcpus.add(vcpu);
        return vcpu;
    }

    @Override
    public void setIrqLine(int gsi, boolean level) {
        if (irqChip != null) {
            irqChip.setIrqLine(gsi, level);
            return;
        }
        // KVM_IRQ_LINE drives the PIC input and the IOAPIC pin of the same number (default routing).
        synchronized (irqLevel) {
            irqLevel.setInt(0, gsi);
            irqLevel.setInt(4, level ? 1 : 0);
            try {
                LibC.ioctl(fd, KVM_IRQ_LINE, irqLevel);
            } catch (LastErrorException e) {
                throw KvmErrors.failed("KVM_IRQ_LINE", e, "irq " + gsi);
            }
        }
    }

    @Override
    public List<PlatformDevice> portDevices() {
        return irqChip == null ? List.of() : irqChip.portDevices();
    }

    @Override
    public List<PlatformDevice> mmioDevices() {
        return irqChip == null ? List.of() : irqChip.mmioDevices();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (KvmVcpu v : vcpus) v.close();
        LibC.close(fd);
    }
}

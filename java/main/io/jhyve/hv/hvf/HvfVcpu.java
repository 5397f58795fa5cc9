package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.HvX86Reg.*;
import static io.jhyve.hv.hvf.VmcsField.*;

import io.jhyve.arch.x86.BootCpuState;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.HypervisorException;
import io.jhyve.hv.Registers;
import io.jhyve.hv.SpecialRegisters;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VcpuExit;
import io.jhyve.hv.irqchip.VcpuInterrupts;
import java.util.List;

/**
 * An HVF vCPU. Every method but {@link #kick()} must run on the thread that created it (Apple:
 * "must be called by the owning thread"); a call from another thread fails here with the thread
 * names rather than inside the framework.
 *
 * <p>{@link #run()} enters the guest and handles the exits jhyve completes itself (CPUID, MSRs,
 * XSETBV, CR accesses, host interrupts) without returning; port I/O, MMIO, HLT, triple faults
 * and entry failures come back as {@link VcpuExit}s. The completion of an exit (IN data, MMIO
 * load, RIP advance) is applied at the next {@code run()}, after the VMM answered it.
 *
 * <p>Kicks: {@link #kick()} sets a flag, then forces an exit with {@code hv_vcpu_interrupt}; the
 * run loop checks the flag before every entry and after every host-interrupt exit, so a kick
 * either stops the next entry or interrupts the current one.
 *
 * <p>Interrupts: the decisions are {@link VcpuInterrupts}' (shared with KVM's userspace-irqchip
 * mode); this class supplies the VMCS side: whether the guest can take an interrupt
 * ({@link EventInjection#externalInterrupt}), the entry interruption field, and interrupt-window
 * exiting. HLT with interrupts enabled waits inside {@code run()} until the PICs have something or
 * a kick arrives; HLT with interrupts disabled returns {@link VcpuExit.Halt}. An application
 * processor first waits inside {@code run()} for the STARTUP message its local APIC receives.
 */
final class HvfVcpu implements Vcpu {
    private static final long DEADLINE_FOREVER = -1L; // HV_DEADLINE_FOREVER, all ones
    private static final long RFLAGS_IF = 1L << 9;

    private final HvfVm vm;
    private final int id;
    private final int hv;
    private final Thread owner = Thread.currentThread();
    private final ExitSnapshot exit = new ExitSnapshot();
    private final InstructionExits instructions;
    private final IoExits io;
    private final MsrModel msrs = new MsrModel(BootCpuState.APIC_BASE_DEFAULT);
    private CpuidModel cpuid = new CpuidModel(List.of());
    private final int[] failed = new int[1];
    private final VcpuInterrupts interrupts;
    private final VcpuInterrupts.EntryWindow window = new VmcsEntryWindow();
    private boolean invalidateTlb;
    private boolean closed;

    HvfVcpu(HvfVm vm, int id, int hv) {
        this.vm = vm;
        this.id = id;
        this.hv = hv;
        this.instructions = new InstructionExits(this, vm.crPolicy(), vm.controls(), vm.hostXcr0());
        this.io = new IoExits(this, vm.memory(), vm.crPolicy());
        this.interrupts = vm.userspaceIrqChip().attachVcpu(id, this::forceExit);
    }

    /** Writes the controls and the MSRs HVF passes through; called once on the owning thread. */
    void configure() {
        VmxControls c = vm.controls();
        VmcsBatch b = new VmcsBatch()
                .vmcs(PIN_BASED_VM_EXECUTION_CONTROLS, c.pinBased())
                .vmcs(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, c.primary())
                .vmcs(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, c.secondary())
                .vmcs(VM_EXIT_CONTROLS, c.exit()).vmcs(VM_ENTRY_CONTROLS, c.entry())
                .vmcs(EXCEPTION_BITMAP, 0).vmcs(CR3_TARGET_COUNT, 0);
        apply(b, "configuring controls");
        for (int msr : MsrModel.NATIVE) {
            HvReturn.check("hv_vcpu_enable_native_msr", HvfNative.hvs_msr_native(hv, msr, 1),
                    String.format("vCPU %d, MSR 0x%x", id, msr));
        }
    }

    @Override
    public int id() { return id; }

    CpuidModel cpuidModel() { return cpuid; }

    MsrModel msrModel() { return msrs; }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(String.format("HVF vCPU %d belongs to thread '%s' but was used from '%s'; "
                    + "Hypervisor.framework allows only the owning thread", id, owner.getName(), Thread.currentThread().getName()));
        }
        if (closed) throw new IllegalStateException("HVF vCPU " + id + " is closed");
    }

    @Override
    public VcpuExit run() {
        checkOwner();
        if (interrupts.awaitingStartup() && !interrupts.startWhenSignalled(this)) return new VcpuExit.Interrupted();
        VmcsBatch pending = new VmcsBatch();
        io.complete(pending);
        apply(pending, "completing the last exit");
        while (true) {
            if (interrupts.takeKick()) return new VcpuExit.Interrupted();
            interrupts.beforeEntry(window);
            int rc = HvfNative.hvs_run(hv, DEADLINE_FOREVER);
            if (rc != HvReturn.HV_SUCCESS) return runFailed(rc);
            get(ExitSnapshot.IDS, exit.values, "reading the exit");
            VcpuExit result = dispatch();
            if (result != null) return result;
        }
    }

    private VcpuExit runFailed(int rc) {
        long error = read(HvfNative.vmcs(VM_INSTRUCTION_ERROR));
        return new VcpuExit.EntryFailure(rc & 0xffff_ffffL, String.format("hv_vcpu_run_until returned %s; %s; %s",
                HvReturn.name(rc), ExitReason.vmInstructionError(error), controlsInVmcs()));
    }

    /** The execution, exit and entry controls as the VMCS holds them (what a failed entry was given). */
    private String controlsInVmcs() {
        return String.format("VMCS controls: pin-based 0x%x, primary 0x%x, secondary 0x%x, exit 0x%x, entry 0x%x",
                read(HvfNative.vmcs(PIN_BASED_VM_EXECUTION_CONTROLS)),
                read(HvfNative.vmcs(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS)),
                read(HvfNative.vmcs(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS)),
                read(HvfNative.vmcs(VM_EXIT_CONTROLS)), read(HvfNative.vmcs(VM_ENTRY_CONTROLS)));
    }

    /**
     * Why entry refused the guest state, as far as jhyve's own checks of SDM §26.3.1 can tell from
     * the live VMCS: HVF reports only "invalid guest state".
     */
    private String guestStateDiagnosis() {
        List<String> problems = GuestStateChecks.check(field -> read(HvfNative.vmcs(field)), vm.capabilities());
        return problems.isEmpty() ? "; jhyve's checks of the guest state (SDM 26.3.1) find no broken rule"
                : "; the guest state breaks " + String.join("; ", problems);
    }

    /** Handles one exit; null means "handled, enter again". */
    private VcpuExit dispatch() {
        long reasonField = exit.get(ExitSnapshot.REASON);
        int reason = ExitReason.basic(reasonField);
        if (ExitReason.entryFailed(reasonField)) {
            return new VcpuExit.EntryFailure(reason, "VM entry failed: "
                    + ExitReason.entryFailure(reason, exit.get(ExitSnapshot.QUALIFICATION))
                    + (reason == ExitReason.ENTRY_FAILURE_INVALID_GUEST_STATE ? guestStateDiagnosis() : ""));
        }
        VmcsBatch out = new VmcsBatch();
        if (EventInjection.reinject(exit.get(ExitSnapshot.IDT_VECTORING), exit.get(ExitSnapshot.IDT_VECTORING_ERROR),
                exit.get(ExitSnapshot.LENGTH), out)) {
            apply(out, "re-injecting an interrupted event");
            out = new VmcsBatch();
        }
        if (instructions.handle(exit, out)) {
            apply(out, "completing exit reason " + reason);
            return null;
        }
        switch (reason) {
            case ExitReason.EXTERNAL_INTERRUPT, ExitReason.VMX_PREEMPTION_TIMER_EXPIRED:
                return null; // a host interrupt or a kick: the loop checks for a kick
            case ExitReason.INTERRUPT_WINDOW:
                return null; // the guest can take the interrupt now: the loop injects it
            case ExitReason.TRIPLE_FAULT:
                return new VcpuExit.Shutdown();
            case ExitReason.HLT:
                InstructionExits.advance(exit, out);
                apply(out, "completing HLT");
                if ((exit.get(ExitSnapshot.RFLAGS) & RFLAGS_IF) == 0) return new VcpuExit.Halt();
                return interrupts.halt(true) ? new VcpuExit.Interrupted() : null;
            case ExitReason.IO_INSTRUCTION:
                return io.portIo(exit);
            case ExitReason.EPT_VIOLATION:
                return io.mmio(exit);
            case ExitReason.EPT_MISCONFIGURATION:
                return new VcpuExit.InternalError(reason, String.format("EPT misconfiguration at guest-physical 0x%x",
                        exit.get(ExitSnapshot.GPA)));
            default:
                return new VcpuExit.Unknown(reason, String.format("HVF exit reason %d, qualification 0x%x, at RIP 0x%x",
                        reason, exit.get(ExitSnapshot.QUALIFICATION), exit.get(ExitSnapshot.RIP)));
        }
    }

    /** Control registers changed: flush the vCPU's TLB once the batch is written (HVF caches translations). */
    void invalidateTlbAfter(VmcsBatch out) { invalidateTlb = true; }

    /** The VMCS side of an injection decision. */
    private final class VmcsEntryWindow implements VcpuInterrupts.EntryWindow {
        @Override
        public boolean open() {
            long[] v = new long[3];
            get(new int[] {HvfNative.vmcs(GUEST_RFLAGS), HvfNative.vmcs(GUEST_INTERRUPTIBILITY_STATE),
                HvfNative.vmcs(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD)}, v, "checking for an interrupt window");
            return EventInjection.externalInterrupt(v[0], v[1], v[2]) == EventInjection.Decision.INJECT;
        }

        @Override
        public void inject(int vector) {
            apply(new VmcsBatch().vmcs(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD,
                    EventInjection.externalInterruptInfo(vector)), "injecting an interrupt");
        }

        @Override
        public boolean nmiOpen() {
            long[] v = new long[2];
            get(new int[] {HvfNative.vmcs(GUEST_INTERRUPTIBILITY_STATE), HvfNative.vmcs(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD)},
                    v, "checking whether the guest can take an NMI");
            return EventInjection.nmi(v[0], v[1]) == EventInjection.Decision.INJECT;
        }

        @Override
        public void injectNmi() {
            apply(new VmcsBatch().vmcs(VM_ENTRY_INTERRUPTION_INFORMATION_FIELD, EventInjection.nmiInfo()), "injecting an NMI");
        }

        @Override
        public void requestWindow(boolean on) {
            long primary = vm.controls().primary() | (on ? VmxControl.INTERRUPT_WINDOW_EXITING.mask() : 0);
            apply(new VmcsBatch().vmcs(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, primary),
                    "setting interrupt-window exiting");
        }
    }

    /** Forces a running vCPU out of the guest; any thread. */
    private void forceExit() {
        int rc = HvfNative.hvs_kick(new int[] {hv}, 1);
        if (rc != HvReturn.HV_SUCCESS && !closed) HvReturn.check("hv_vcpu_interrupt", rc, "vCPU " + id);
    }

    /** Writes a batch; a refused write names the field, the value and the framework's answer. */
    void apply(VmcsBatch b, String what) {
        if (b.size() > 0) {
            int rc = HvfNative.hvs_set(hv, b.ids(), b.values(), b.size(), failed);
            if (rc != HvReturn.HV_SUCCESS) {
                int i = failed[0];
                throw new HvfException("hv_vmx_vcpu_write_vmcs", String.format("HVF: vCPU %d refused %s = 0x%x while %s: %s",
                        id, i >= 0 ? ShimIds.describe(b.id(i)) : "a write", i >= 0 ? b.value(i) : 0, what, HvReturn.name(rc)));
            }
        }
        if (invalidateTlb) {
            invalidateTlb = false;
            HvReturn.check("hv_vcpu_invalidate_tlb", HvfNative.hvs_invalidate_tlb(hv), "vCPU " + id);
        }
    }

    void get(int[] ids, long[] values, String what) {
        int rc = HvfNative.hvs_get(hv, ids, values, ids.length, failed);
        if (rc != HvReturn.HV_SUCCESS) {
            int i = failed[0];
            throw new HvfException("hv_vmx_vcpu_read_vmcs", String.format("HVF: vCPU %d could not read %s while %s: %s",
                    id, i >= 0 ? ShimIds.describe(ids[i]) : "a value", what, HvReturn.name(rc)));
        }
    }

    long read(int shimId) {
        long[] v = new long[1];
        get(new int[] {shimId}, v, "reading " + ShimIds.describe(shimId));
        return v[0];
    }

    /** General-purpose register {@code n} in ModRM numbering (RSP lives in the VMCS). */
    long gpr(int n) {
        return read(n == 4 ? HvfNative.vmcs(GUEST_RSP) : HvfNative.HVS_REG | BY_GPR_NUMBER[n]);
    }

    void setGpr(VmcsBatch out, int n, long value) {
        if (n == 4) out.vmcs(GUEST_RSP, value);
        else out.register(BY_GPR_NUMBER[n], value);
    }

    @Override
    public void completeRead(int element, long value) {
        checkOwner();
        io.completeRead(element, value);
    }

    @Override
    public long ioWriteValue(int element) {
        return io.writeValue(element);
    }

    @Override
    public Registers getRegisters() {
        checkOwner();
        int[] ids = VmcsGuestState.registerIds();
        long[] v = new long[ids.length];
        get(ids, v, "reading registers");
        return VmcsGuestState.readRegisters(v);
    }

    @Override
    public void setRegisters(Registers regs) {
        checkOwner();
        VmcsBatch b = new VmcsBatch();
        VmcsGuestState.writeRegisters(b, regs);
        apply(b, "setting registers");
    }

    @Override
    public SpecialRegisters getSpecialRegisters() {
        checkOwner();
        int[] ids = VmcsGuestState.specialIds();
        long[] v = new long[ids.length];
        get(ids, v, "reading special registers");
        return VmcsGuestState.readSpecial(v, ((MsrModel.Result.Value) msrs.read(MsrModel.IA32_APIC_BASE)).value());
    }

    @Override
    public void setSpecialRegisters(SpecialRegisters sregs) {
        checkOwner();
        VmcsBatch b = new VmcsBatch();
        VmcsGuestState.writeSpecial(b, sregs, vm.crPolicy(), vm.controls());
        invalidateTlb = true;
        apply(b, "setting special registers");
        msrs.write(MsrModel.IA32_APIC_BASE, sregs.apicBase());
    }

    @Override
    public void setCpuid(List<CpuidEntry> entries) {
        cpuid = new CpuidModel(entries);
    }

    @Override
    public void setMsr(int index, long value) {
        checkOwner();
        if (MsrModel.NATIVE.contains(index)) {
            apply(new VmcsBatch().add(HvfNative.msr(index), value), "setting an MSR");
        } else if (index == MsrModel.IA32_EFER) {
            apply(new VmcsBatch().vmcs(GUEST_IA32_EFER, value).vmcs(VM_ENTRY_CONTROLS, vm.controls().entryFor(value)), "setting EFER");
        } else if (index == MsrModel.IA32_PAT) {
            apply(new VmcsBatch().vmcs(GUEST_IA32_PAT, value), "setting PAT");
        } else if (msrs.write(index, value) instanceof MsrModel.Result.GeneralProtection gp) {
            throw new HypervisorException("setMsr", gp.why(), "vCPU " + id);
        }
    }

    @Override
    public void kick() {
        interrupts.kick();
    }

    /**
     * Destroys the vCPU; only its owning thread can (Apple's rule). From another thread the vCPU
     * is left to the process exit, and {@link HvfVm#close()} then cannot destroy the VM either.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) return;
        closed = true;
        vm.userspaceIrqChip().detachVcpu(interrupts);
        vm.vcpuDestroyed(this);
        HvReturn.check("hv_vcpu_destroy", HvfNative.hvs_vcpu_destroy(hv), "vCPU " + id);
    }

}

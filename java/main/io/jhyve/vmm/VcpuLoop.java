package io.jhyve.vmm;

import io.jhyve.devices.Bus;
import io.jhyve.hv.Registers;
import io.jhyve.hv.SpecialRegisters;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VcpuExit;
import io.jhyve.vmm.EndReason.Kind;

/**
 * Runs one vCPU: enter the guest, dispatch the exit to a bus or end the run, repeat. Nothing the
 * guest does throws out of here: bus accesses nobody claims are answered by the bus, and a device
 * that throws ends the run with its name and the vCPU state rather than killing the thread.
 */
final class VcpuLoop implements Runnable {
    private final Vcpu vcpu;
    private final Bus pio;
    private final Bus mmio;
    private final MachineEnd end;
    private final BootTimeline timeline;

    VcpuLoop(Vcpu vcpu, Bus pio, Bus mmio, MachineEnd end, BootTimeline timeline) {
        this.vcpu = vcpu;
        this.pio = pio;
        this.mmio = mmio;
        this.end = end;
        this.timeline = timeline;
    }

    @Override
    public void run() {
        if (vcpu.id() == 0) timeline.mark("guest entered");
        // One exit per call of runOnce: the JIT compiles a method after so many calls, but a loop
        // that runs inside one call only by on-stack replacement after many more iterations
        // (with scripts/jhyve's CompileThresholdScaling=10, 600000): this loop would stay
        // interpreted for a whole benchmark run.
        while (!end.hasEnded() && runOnce()) { }
    }

    /** Runs the guest to its next exit and handles it; false when the run has ended. */
    private boolean runOnce() {
        VcpuExit exit;
        try {
            exit = vcpu.run();
        } catch (RuntimeException e) { // a backend failure (an ioctl refused) must end the run, not the thread
            endWithState(EndReason.of(Kind.VMM_ERROR, "vCPU " + vcpu.id() + " could not run: " + e.getMessage(), 1), true);
            e.printStackTrace();
            return false;
        }
        try {
            EndReason r = handle(exit);
            if (r != null) {
                endWithState(r, r.kind() != Kind.GUEST_RESET && r.kind() != Kind.POWER_OFF);
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            endWithState(EndReason.of(Kind.VMM_ERROR, "device model failed while handling " + exit + ": " + e, 1), true);
            e.printStackTrace();
            return false;
        }
    }

    /** Handles an exit; returns a reason when the exit ends the run. (Java 17: no pattern switch yet.) */
    private EndReason handle(VcpuExit exit) {
        if (exit instanceof VcpuExit.PortIo io) {
            for (int i = 0; i < io.count(); i++) {
                if (io.write()) pio.write(io.port(), io.size(), vcpu.ioWriteValue(i));
                else vcpu.completeRead(i, pio.read(io.port(), io.size()));
            }
            return null;
        }
        if (exit instanceof VcpuExit.Mmio m) {
            if (m.write()) mmio.write(m.gpa(), m.size(), m.value());
            else vcpu.completeRead(mmio.read(m.gpa(), m.size()));
            return null;
        }
        if (exit instanceof VcpuExit.Interrupted) return null;
        if (exit instanceof VcpuExit.Halt) {
            return EndReason.of(Kind.INTERNAL_ERROR, "vCPU " + vcpu.id()
                    + " halted and only the VMM could wake it, but this machine has an in-kernel irqchip", 1);
        }
        if (exit instanceof VcpuExit.Shutdown) {
            return EndReason.of(Kind.TRIPLE_FAULT, "guest triple-faulted on vCPU " + vcpu.id());
        }
        if (exit instanceof VcpuExit.SystemEvent ev) {
            return switch (ev.kind()) {
                case "reset" -> EndReason.of(Kind.GUEST_RESET, "guest rebooted (hypervisor system event)");
                case "shutdown" -> EndReason.of(Kind.POWER_OFF, "guest powered off (hypervisor system event)", 0);
                default -> EndReason.of(Kind.INTERNAL_ERROR, "guest system event: " + ev.kind(), 1);
            };
        }
        if (exit instanceof VcpuExit.EntryFailure f) {
            return EndReason.of(Kind.ENTRY_FAILURE, String.format(
                    "the hypervisor refused to enter vCPU %d: %s", vcpu.id(), f.explanation()));
        }
        if (exit instanceof VcpuExit.InternalError e) {
            return EndReason.of(Kind.INTERNAL_ERROR, "hypervisor internal error on vCPU " + vcpu.id() + ": "
                    + e.explanation(), 1);
        }
        VcpuExit.Unknown u = (VcpuExit.Unknown) exit;
        return EndReason.of(Kind.INTERNAL_ERROR, "unhandled exit on vCPU " + vcpu.id() + ": " + u.backend(), 1);
    }

    /** Ends the run; the vCPU's registers are read here because only its own thread may read them. */
    private void endWithState(EndReason r, boolean dump) {
        boolean first = end.end(r);
        if (first && dump) end.attachDump(r, registerDump());
    }

    String registerDump() {
        try {
            Registers regs = vcpu.getRegisters();
            SpecialRegisters sregs = vcpu.getSpecialRegisters();
            return "vCPU " + vcpu.id() + " state:\n" + regs + "\n" + sregs + "\n" + CpuMode.describe(regs, sregs);
        } catch (RuntimeException e) {
            return "vCPU " + vcpu.id() + " state unavailable: " + e.getMessage();
        }
    }
}

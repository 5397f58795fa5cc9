package io.jhyve.vmm;

import io.jhyve.devices.IrqLine;
import io.jhyve.hv.VirtualMachine;

/**
 * An interrupt line into the VM's interrupt controller. Remembers its level so a device that
 * re-asserts an already raised line costs no hypervisor call.
 */
final class VmIrqLine implements IrqLine {
    private final VirtualMachine vm;
    private final int gsi;
    private boolean level;

    VmIrqLine(VirtualMachine vm, int gsi) {
        this.vm = vm;
        this.gsi = gsi;
    }

    @Override
    public synchronized void set(boolean newLevel) {
        if (newLevel == level) return;
        level = newLevel;
        vm.setIrqLine(gsi, newLevel);
    }

    @Override
    public int gsi() { return gsi; }
}

package io.jhyve.vmm;

import io.jhyve.hv.Registers;
import io.jhyve.hv.SpecialRegisters;

/** Says in words what mode a vCPU was in, for reports: "64-bit long mode, paging on, IF=0". */
final class CpuMode {
    private CpuMode() { }

    static String describe(Registers r, SpecialRegisters s) {
        String mode;
        if (!s.protectedMode()) mode = "real mode";
        else if (s.longMode()) mode = s.cs().l() ? "64-bit long mode" : "compatibility mode";
        else mode = s.paging() ? "32-bit protected mode, paging on" : "32-bit protected mode, paging off";
        boolean iflag = (r.rflags() & (1L << 9)) != 0;
        return String.format("mode: %s, interrupts %s", mode, iflag ? "enabled" : "disabled");
    }
}

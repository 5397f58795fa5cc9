package io.jhyve.vmm;

import io.jhyve.diag.VcpuSnapshot;
import io.jhyve.diag.printk.KernelLog;
import java.util.Optional;

/**
 * Everything known about a run once it ended, from which {@link Verdict} writes the closing line.
 *
 * @param cpu           vCPU 0's last state, if it could be read
 * @param halted        vCPU 0 sits after a HLT with interrupts off
 * @param silentSeconds how long the console had been silent when the run ended
 * @param log           the kernel log recovered from guest RAM (empty if not looked for or none)
 */
public record RunFacts(EndReason end, Optional<VcpuSnapshot> cpu, boolean halted, ConsoleFacts console,
                       String cmdline, long silentSeconds, KernelLog log) {
}

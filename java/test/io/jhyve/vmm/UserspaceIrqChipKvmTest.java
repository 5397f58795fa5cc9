package io.jhyve.vmm;

import static io.jhyve.testkit.TestGuests.assertPassedAndExited;
import static io.jhyve.testkit.TestGuests.guest;
import static io.jhyve.testkit.TestGuests.jhyve;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guest kit on KVM with {@code --irqchip userspace}: no in-kernel PIC, PIT or APIC, so every
 * interrupt these guests see comes from jhyve's Java 8259 pair and 8254 PIT and is injected by the
 * same {@code VcpuInterrupts} logic the HVF backend uses. This is how the macOS interrupt path runs
 * on real hardware virtualisation here.
 */
@KvmTest
class UserspaceIrqChipKvmTest {
    @BeforeEach
    void needsKvm() {
        KvmRequirement.assumeKvm();
    }

    @Test
    void timerTicksFromTheJavaPitArriveAtTheirRate() throws Exception {
        JhyveProcess.Result r = jhyve(guest("timer"), "--debug-exit", "--irqchip", "userspace").run();
        assertPassedAndExited("timer", r);
        Matcher m = Pattern.compile("# timer: (\\d+) ticks in 2 s").matcher(r.stdout());
        assertTrue(m.find(), r.transcript());
    }

    @Test
    void uartInterruptsAndInputThroughTheJavaPics() throws Exception {
        JhyveProcess.Result r = new JhyveProcess("run", "-k", guest("uart").toString(), "--debug-exit",
                "--irqchip", "userspace").inputAfter("# uart: ready for input", "ping\n").run();
        assertPassedAndExited("uart", r);
        assertTrue(r.stdout().contains("# uart: received ping"), r.transcript());
    }
}

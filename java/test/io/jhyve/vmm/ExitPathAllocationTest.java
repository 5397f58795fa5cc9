package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.Bus;
import io.jhyve.devices.BusDevice;
import io.jhyve.devices.legacy.QuietPorts;
import io.jhyve.hv.VcpuExit;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's rule for the exit path, measured: handling an exit allocates nothing on the VMM's side
 * (run loop, monitor, bus, device). The backend's exit value is made once here and replayed, so
 * what is counted is exactly what jhyve adds per exit. A byte count, not a timing: it does not vary
 * with the machine's speed.
 */
class ExitPathAllocationTest {
    private static final int EXITS = 200_000;

    /** Replays one exit {@code count} times, then a shutdown. */
    static final class ReplayingVcpu extends VcpuLoopTest.ScriptedVcpu {
        private final VcpuExit exit;
        private int left;

        ReplayingVcpu(VcpuExit exit, int count) {
            this.exit = exit;
            this.left = count;
            this.outValues = new long[] {0x42};
        }

        @Override public VcpuExit run() { return left-- > 0 ? exit : new VcpuExit.Shutdown(); }
        @Override public void completeRead(int element, long value) { }
    }

    /** Runs the loop on a thread of its own, as jhyve does (MonitoredVcpu marks the thread as a vCPU's). */
    private static long allocatedWhileRunning(VcpuExit exit, int exits, Bus pio, Bus mmio) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MonitoredVcpu vcpu = new MonitoredVcpu(new ReplayingVcpu(exit, exits), null, s -> { });
        VcpuLoop loop = new VcpuLoop(vcpu, pio, mmio, new MachineEnd(), new BootTimeline(null));
        long[] bytes = new long[1];
        Thread t = new Thread(() -> {
            long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            loop.run();
            bytes[0] = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        }, "vcpu-test");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return bytes[0];
    }

    private static void assertNoAllocationPerExit(VcpuExit exit, Bus pio, Bus mmio) {
        allocatedWhileRunning(exit, EXITS, pio, mmio); // warm-up: class loading, the JIT
        // The end of a run (its reason, the register dump) allocates some KiB once: what counts is
        // what EXITS more exits add. One object per exit would be at least 16 B x 200000.
        long few = allocatedWhileRunning(exit, 1, pio, mmio);
        long many = allocatedWhileRunning(exit, 1 + EXITS, pio, mmio);
        assertTrue(many - few < EXITS / 8, String.format("%s: %d more bytes allocated over %d more exits (%.2f per exit)",
                exit, many - few, EXITS, (double) (many - few) / EXITS));
    }

    @Test
    void portWritesToTheDebugPortAllocateNothing() {
        Bus pio = new Bus("port I/O");
        QuietPorts post = new QuietPorts(QuietPorts.PC_PROBED_RANGES.stream()
                .filter(p -> p.name().equals("post")).findFirst().orElseThrow());
        pio.attach(post.probed().range(), post);
        assertNoAllocationPerExit(new VcpuExit.PortIo(0x80, 1, true, 1), pio, new Bus("MMIO"));
        assertEquals(2L * EXITS + 2, post.writes(), "every exit reached the device");
    }

    @Test
    void mmioReadsAndWritesAllocateNothing() {
        Bus mmio = new Bus("MMIO");
        long[] last = new long[1];
        mmio.attach(new AddressRange(0xd0000000L, 0x200), new BusDevice() {
            @Override public String name() { return "register file"; }
            @Override public long read(long offset, int size) { return last[0]; }
            @Override public void write(long offset, int size, long value) { last[0] = value; }
        });
        assertNoAllocationPerExit(new VcpuExit.Mmio(0xd0000050L, 4, true, 7), new Bus("port I/O"), mmio);
        assertNoAllocationPerExit(new VcpuExit.Mmio(0xd0000050L, 4, false, 0), new Bus("port I/O"), mmio);
        assertEquals(7, last[0]);
    }
}

package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.hv.VcpuExit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --stats counting and --debug-boot's once-per-address log, without a hypervisor. */
class RunDiagnosticsTest {
    @Test
    void statsCountExitsByKindAndAddress() {
        ExitStats s = new ExitStats();
        for (int i = 0; i < 3; i++) s.record(new VcpuExit.PortIo(0x3f8, 1, true, 1), 2_000_000, 1_000_000);
        s.record(new VcpuExit.PortIo(0x3fd, 1, false, 1), 2_000_000, 1_000_000);
        s.record(new VcpuExit.Mmio(0xfee00000L, 4, false, 0), 2_000_000, 1_000_000);
        s.record(new VcpuExit.Interrupted(), 2_000_000, 1_000_000);
        assertEquals(List.of("jhyve: stats: 12 ms in the guest (66%), 6 ms in the VMM handling exits (33%)",
                "jhyve: stats: exits by kind: PortIo 4, Interrupted 1, Mmio 1",
                "jhyve: stats: exits by address (top 10): port 0x3f8 out 3, MMIO 0xfee00000 read 1, port 0x3fd in 1"),
                s.report());
    }

    @Test
    void unhandledAccessesAreLoggedOncePerAddressAndDirection() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        UnhandledAccessLog log = new UnhandledAccessLog(new PrintStream(buf, true, StandardCharsets.UTF_8));
        log.accept("port I/O bus: unhandled 1-byte write at 0x80 (value 0x1)");
        log.accept("port I/O bus: unhandled 1-byte write at 0x80 (value 0x2)");
        log.accept("port I/O bus: unhandled 1-byte read at 0x80");
        log.accept("port I/O bus: unhandled 1-byte read at 0x80");
        assertEquals(List.of("jhyve: debug-boot: port I/O bus: unhandled 1-byte write at 0x80 (value 0x1) (shown once)",
                "jhyve: debug-boot: port I/O bus: unhandled 1-byte read at 0x80 (shown once)"),
                buf.toString(StandardCharsets.UTF_8).lines().toList());
    }
}

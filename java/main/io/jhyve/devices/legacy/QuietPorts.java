package io.jhyve.devices.legacy;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.BusDevice;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A range of ports that Linux is known to probe on a PC but that this machine does not have: reads
 * return all ones and writes vanish, exactly as on an empty ISA bus, but the accesses are counted
 * under a name. That is what separates "the kernel looked for a parallel port, as expected" from an
 * unknown port in the diagnostics ({@link io.jhyve.devices.Bus#unhandledAccesses()}).
 *
 * <p>{@link #PC_PROBED_RANGES} lists the ranges and why each is probed; attach one instance per
 * range. None of them is a port KVM's in-kernel devices own (PIC 0x20/0x21/0xa0/0xa1, PIT 0x40-0x43,
 * speaker 0x61, ELCR 0x4d0/0x4d1), which never reach user space.
 */
public final class QuietPorts implements BusDevice {
    /** A probed range, its short name, and the reason Linux touches it (with the source to look in). */
    public record ProbedRange(String name, AddressRange range, String reason) { }

    public static final List<ProbedRange> PC_PROBED_RANGES = List.of(
            new ProbedRange("superio-cfg-2e", new AddressRange(0x2e, 2),
                    "8250_port.c autoconfig() runs fintek_8250_probe() on a 16550A at an I/O port: it writes the"
                            + " Fintek config key to 0x2e and reads the chip ID at 0x2f"),
            new ProbedRange("superio-cfg-4e", new AddressRange(0x4e, 2),
                    "the same Fintek SuperIO probe tries the alternative config port pair 0x4e/0x4f"),
            new ProbedRange("post", new AddressRange(0x80, 1),
                    "the POST-code port doubles as the I/O delay port for outb_p()/inb_p()"
                            + " (arch/x86/kernel/io_delay.c) unless KVM_FEATURE_NOP_IO_DELAY is advertised"),
            new ProbedRange("dma-page", new AddressRange(0x81, 15),
                    "arch/x86/kernel/i8237.c reads DMA page register 0x87 at boot; all ones means no"
                            + " legacy 8237 DMA controller"),
            new ProbedRange("com4", new AddressRange(0x2e8, 8),
                    "the 8250 driver probes the four legacy COM ports (asm/serial.h SERIAL_PORT_DFNS);"
                            + " all ones fails autoconfig()'s IER test, so no ttyS3"),
            new ProbedRange("com2", new AddressRange(0x2f8, 8), "legacy COM2 probe, as com4; no ttyS1"),
            new ProbedRange("lpt2", new AddressRange(0x278, 8),
                    "parport_pc_find_isa_ports() probes 0x3bc, 0x378 and 0x278 (SPP and EPP registers)"),
            new ProbedRange("lpt1", new AddressRange(0x378, 8), "parallel port probe, as lpt2"),
            new ProbedRange("lpt3", new AddressRange(0x3bc, 4), "parallel port probe, as lpt2"),
            new ProbedRange("vga", new AddressRange(0x3c0, 0x20),
                    "vgacon (drivers/video/console/vgacon.c) pokes the colour CRTC at 0x3d4/0x3d5 and the"
                            + " attribute and sequencer registers when boot_params.screen_info describes a"
                            + " colour text mode (the MDA ports 0x3b0-0x3bb are left out: 0x3bc is lpt3)"),
            new ProbedRange("com3", new AddressRange(0x3e8, 8), "legacy COM3 probe, as com4; no ttyS2"));

    private final ProbedRange probed;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();

    public QuietPorts(ProbedRange probed) {
        this.probed = probed;
    }

    public ProbedRange probed() { return probed; }

    @Override
    public String name() { return "quiet:" + probed.name(); }

    @Override
    public long read(long offset, int size) {
        reads.increment();
        return size >= 8 ? -1L : (1L << (size * 8)) - 1;
    }

    @Override
    public void write(long offset, int size, long value) {
        writes.increment();
    }

    /** Guest reads so far. */
    public long reads() { return reads.sum(); }

    /** Guest writes so far. */
    public long writes() { return writes.sum(); }
}

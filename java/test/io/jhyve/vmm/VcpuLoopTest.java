package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.Bus;
import io.jhyve.devices.BusDevice;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.DescriptorTable;
import io.jhyve.hv.Registers;
import io.jhyve.hv.Segment;
import io.jhyve.hv.SpecialRegisters;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VcpuExit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run loop against a scripted vCPU: exits in, bus accesses and end reasons out. */
class VcpuLoopTest {
    /** Plays back a list of exits; records what the loop answered. */
    static class ScriptedVcpu implements Vcpu {
        final Deque<VcpuExit> exits;
        final List<Long> completed = new ArrayList<>();
        long[] outValues = {};

        ScriptedVcpu(VcpuExit... exits) { this.exits = new ArrayDeque<>(List.of(exits)); }

        @Override public int id() { return 0; }
        @Override public VcpuExit run() { return exits.isEmpty() ? new VcpuExit.Shutdown() : exits.pop(); }
        @Override public void completeRead(int element, long value) { completed.add(value); }
        @Override public long ioWriteValue(int element) { return outValues[element]; }
        @Override public Registers getRegisters() { return Registers.zero().withRip(0x100200); }
        @Override public void setRegisters(Registers regs) { }
        @Override public SpecialRegisters getSpecialRegisters() {
            Segment d = Segment.data(0x18);
            return new SpecialRegisters(Segment.code64(0x10), d, d, d, d, d, Segment.tss(0x20, 0, 0x67), d,
                    new DescriptorTable(0x500, 47), new DescriptorTable(0, 0), 0x80000011L, 0, 0x9000, 0x20, 0,
                    0x500, 0xfee00900L);
        }
        @Override public void setSpecialRegisters(SpecialRegisters sregs) { }
        @Override public void setCpuid(List<CpuidEntry> entries) { }
        @Override public void setMsr(int index, long value) { }
        @Override public void kick() { }
        @Override public void close() { }
    }

    private static EndReason run(ScriptedVcpu vcpu, Bus pio) {
        MachineEnd end = new MachineEnd();
        new VcpuLoop(vcpu, pio, new Bus("MMIO"), end, new BootTimeline(null)).run();
        return end.reason();
    }

    @Test
    void stringOutputIsDeliveredElementByElement() {
        Bus pio = new Bus("port I/O");
        StringBuilder seen = new StringBuilder();
        pio.attach(new AddressRange(0x3f8, 8), new BusDevice() {
            @Override public String name() { return "sink"; }
            @Override public long read(long offset, int size) { return 0x60; }
            @Override public void write(long offset, int size, long value) { seen.append((char) value); }
        });
        ScriptedVcpu vcpu = new ScriptedVcpu(new VcpuExit.PortIo(0x3f8, 1, true, 3),
                new VcpuExit.PortIo(0x3fd, 1, false, 2), new VcpuExit.PortIo(0x2f8, 1, false, 1));
        vcpu.outValues = new long[] {'a', 'b', 'c'};
        EndReason r = run(vcpu, pio);
        assertEquals("abc", seen.toString());
        assertEquals(List.of(0x60L, 0x60L, 0xffL), vcpu.completed);
        assertEquals(EndReason.Kind.TRIPLE_FAULT, r.kind());
        assertEquals(4, r.exitStatus());
    }

    @Test
    void entryFailureEndsWithStatusFiveAndTheRegisters() {
        EndReason r = run(new ScriptedVcpu(new VcpuExit.EntryFailure(0x80000021L,
                "VM entry failed: invalid guest state")), new Bus("port I/O"));
        assertEquals(EndReason.Kind.ENTRY_FAILURE, r.kind());
        assertEquals(5, r.exitStatus());
        assertEquals("jhyve: the hypervisor refused to enter vCPU 0: VM entry failed: invalid guest state "
                + "(exit status 5)", r.line());
        assertTrue(r.registerDump().contains("RIP=0000000000100200"), r.registerDump());
        assertTrue(r.registerDump().contains("mode: 64-bit long mode, interrupts disabled"), r.registerDump());
    }

    @Test
    void internalErrorSaysWhatKvmSaid() {
        EndReason r = run(new ScriptedVcpu(new VcpuExit.InternalError(1,
                "KVM's instruction emulator failed (emulation failure)")), new Bus("port I/O"));
        assertEquals(EndReason.Kind.INTERNAL_ERROR, r.kind());
        assertTrue(r.line().contains("emulation failure"), r.line());
        assertTrue(r.registerDump().startsWith("vCPU 0 state:"), r.registerDump());
    }

    @Test
    void aDeviceThatThrowsEndsTheRunNamingTheExitNotTheVmm() {
        Bus pio = new Bus("port I/O");
        pio.attach(new AddressRange(0x70, 2), new BusDevice() {
            @Override public String name() { return "broken"; }
            @Override public long read(long offset, int size) { throw new IllegalStateException("bug"); }
            @Override public void write(long offset, int size, long value) { }
        });
        EndReason r = run(new ScriptedVcpu(new VcpuExit.PortIo(0x71, 1, false, 1)), pio);
        assertEquals(EndReason.Kind.VMM_ERROR, r.kind());
        assertEquals(1, r.exitStatus());
        assertTrue(r.line().contains("PortIo[port=113, size=1, write=false, count=1]"), r.line());
    }

    @Test
    void theFirstEndWins() {
        MachineEnd end = new MachineEnd();
        end.requestReset("i8042 reset");
        end.requestPowerOff("later", 3);
        assertEquals("jhyve: guest rebooted: i8042 reset (exit status 3)", end.reason().line());
    }
}

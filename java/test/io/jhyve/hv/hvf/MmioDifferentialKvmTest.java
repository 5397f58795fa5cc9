package io.jhyve.hv.hvf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jhyve.arch.x86.CpuidPolicy;
import io.jhyve.arch.x86.Layout;
import io.jhyve.boot.BootResult;
import io.jhyve.boot.KernelImage;
import io.jhyve.boot.LinuxBoot;
import io.jhyve.devices.AddressRange;
import io.jhyve.devices.Bus;
import io.jhyve.devices.IrqLine;
import io.jhyve.devices.legacy.DebugExit;
import io.jhyve.devices.legacy.Uart16550;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VcpuExit;
import io.jhyve.hv.VirtualMachine;
import io.jhyve.hv.VmOptions;
import io.jhyve.hv.kvm.Kvm;
import io.jhyve.memory.GuestMemory;
import io.jhyve.memory.MemoryRegion;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import io.jhyve.testkit.TestGuests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the HVF backend's MMIO emulation, with KVM as the reference: the mmio-forms
 * guest makes every access form {@link MmioDecoder} knows into unmapped guest-physical memory, KVM
 * emulates each in the kernel and exits with address, width, direction and data, and
 * {@link MmioOracle} predicts all of it, the instruction's length and the registers afterwards
 * from what HVF would have: the registers before the access and guest memory, read through
 * {@link GuestPageWalker}. The VM is assembled here, in process, from the same public pieces
 * MachineBuilder uses, because the test must see every exit together with the vCPU's registers.
 */
@KvmTest
class MmioDifferentialKvmTest {
    private static final long RAM = 64L << 20;
    private static final long TIMEOUT_SECONDS = 300;

    /** Every kind, size, mode and register class the guest's table covers; a silent skip cannot pass. */
    private static final Set<String> COVERAGE = Set.of(
            "STORE_REGISTER", "STORE_STRING", "STORE_IMMEDIATE", "LOAD", "LOAD_ZERO_EXTEND", "LOAD_SIGN_EXTEND",
            "1-byte access", "2-byte access", "4-byte access", "8-byte access",
            "64-bit code", "32-bit code", "16-bit code", "AH-BH register", "R8-R15 register",
            "STOS with DF set", "STOS with DF clear",
            "load into 8-bit registers", "load into 16-bit registers", "load into 32-bit registers",
            "load into 64-bit registers");

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Bus ports = new Bus("port I/O");
    private MmioOracle oracle;
    private MmioFormsTable table;
    private Long exitStatus;

    @BeforeEach
    void needsKvm() {
        KvmRequirement.assumeKvm();
    }

    @Test
    void kvmAgreesWithTheDecoderAndWalkerOnEveryAccessForm() throws Exception {
        Path image = TestGuests.guest("mmio-forms");
        KernelImage kernel = KernelImage.parse(image.toString(), Files.readAllBytes(image));
        ports.attach(new AddressRange(Uart16550.COM1_PORT, 8),
                new Uart16550("uart16550@0x3f8", IrqLine.none(Uart16550.COM1_IRQ), console));
        try (Kvm kvm = Kvm.open();
             VirtualMachine vm = kvm.createVm(new VmOptions(1, Layout.KVM_TSS, Layout.KVM_IDENTITY_MAP));
             GuestMemory memory = kvm.allocateRam(RAM)) {
            for (MemoryRegion region : memory.regions()) vm.mapMemory(region);
            BootResult boot = LinuxBoot.load(memory, kernel, null, null, "console=ttyS0");
            try (Vcpu vcpu = vm.createVcpu(0)) {
                vcpu.setCpuid(CpuidPolicy.forVcpu(vm.supportedCpuid(), 0, 1));
                vcpu.setSpecialRegisters(boot.cpu().sregs());
                vcpu.setRegisters(boot.cpu().regs());
                run(vcpu, memory);
            }
        }
        String out = console.toString(StandardCharsets.UTF_8);
        assertNotNull(table, "the guest never announced its table on port 0xe0:\n" + out);
        assertEquals(0L, exitStatus, "guest status:\n" + out);
        assertTrue(out.contains("jhyve-test: PASS mmio-forms"), out);
        assertEquals("", String.join("\n", oracle.mismatches()), "KVM and the HVF path disagree ("
                + oracle.mismatches().size() + " findings); console:\n" + out);
        assertEquals(table.entries().size(), oracle.completed(), "accesses bracketed by the OUTs");
        assertEquals(table.entries().size(), oracle.judged(), "accesses decoded and judged");
        Set<String> missing = new TreeSet<>(COVERAGE);
        missing.removeAll(oracle.covered());
        assertEquals(Set.of(), missing, "forms the guest's accesses did not cover");
        System.out.printf("mmio-forms on KVM: %d accesses judged, no disagreement; covered %s%n", oracle.judged(),
                new TreeSet<>(oracle.covered()));
    }

    /** Runs the guest to its debug-exit write, judging every access on the way. */
    private void run(Vcpu vcpu, GuestMemory memory) {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(() -> {
            timedOut.set(true);
            vcpu.kick();
        }, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            while (exitStatus == null) {
                VcpuExit exit = vcpu.run();
                if (exit instanceof VcpuExit.PortIo io) {
                    port(vcpu, memory, io);
                } else if (exit instanceof VcpuExit.Mmio m) {
                    if (oracle == null) fail("MMIO exit " + m + " before the guest announced its table");
                    long value = oracle.mmio(m, vcpu.getSpecialRegisters());
                    if (!m.write()) vcpu.completeRead(value);
                } else if (!(exit instanceof VcpuExit.Interrupted) || timedOut.get()) {
                    fail("unexpected exit " + exit + (timedOut.get() ? " after " + TIMEOUT_SECONDS + " s" : "")
                            + " at\n" + vcpu.getRegisters() + "\nconsole:\n" + console.toString(StandardCharsets.UTF_8));
                }
            }
        } finally {
            watchdog.shutdownNow();
        }
    }

    private void port(Vcpu vcpu, GuestMemory memory, VcpuExit.PortIo io) {
        if (io.write() && io.port() == MmioFormsTable.TABLE_PORT) {
            table = MmioFormsTable.read(memory, vcpu.ioWriteValue(0));
            oracle = new MmioOracle(memory, table);
        } else if (io.write() && io.port() == MmioFormsTable.SYNC_PORT) {
            if (oracle == null) fail("an access began before the guest announced its table");
            oracle.sync(vcpu.getRegisters(), vcpu.getSpecialRegisters());
        } else if (io.write() && io.port() == DebugExit.DEBUG_EXIT_PORT) {
            exitStatus = vcpu.ioWriteValue(0);
        } else if (io.write()) {
            ports.write(io.port(), io.size(), vcpu.ioWriteValue(0));
        } else {
            vcpu.completeRead(ports.read(io.port(), io.size()));
        }
    }
}

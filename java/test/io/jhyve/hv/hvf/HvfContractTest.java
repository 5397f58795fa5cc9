package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.FakeHv.*;
import static io.jhyve.hv.hvf.VmcsField.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.arch.x86.BootCpuState;
import io.jhyve.arch.x86.Layout;
import io.jhyve.arch.x86.PageTables;
import io.jhyve.devices.AddressRange;
import io.jhyve.devices.Bus;
import io.jhyve.devices.IrqLine;
import io.jhyve.devices.apic.LocalApic;
import io.jhyve.devices.legacy.Uart16550;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.Registers;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VcpuExit;
import io.jhyve.hv.VirtualMachine;
import io.jhyve.hv.VmOptions;
import io.jhyve.memory.GuestMemory;
import io.jhyve.memory.MemoryRegion;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * hv.hvf driven through JNA and the real shim against the fake framework (native-hvf/fake), which
 * enforces HVF's rules and replays scripted exits: the Java backend's side of the contract with
 * Hypervisor.framework, checked without a Mac.
 */
/* A vCPU that halts for good would hang the build: a test that waits this long fails instead. */
@org.junit.jupiter.api.Timeout(60)
class HvfContractTest {
    static final long KERNEL = 0x10_0000;
    static final long RIP0 = KERNEL + 0x200;
    static final long IO_QUAL_OUT_3F8_BYTE = 0x03f8_0000L;

    private String lib;
    private GuestMemory memory;
    private VirtualMachine vm;
    private Vcpu vcpu;

    @BeforeEach
    void setUp() {
        lib = FakeHv.load();
        fakehv_reset();
    }

    @AfterEach
    void tearDown() {
        if (vcpu != null) vcpu.close();
        if (vm != null) vm.close();
        if (memory != null) memory.close();
    }

    /** A VM with 4 MiB of RAM holding the boot page tables, and vCPU 0 in jhyve's 64-bit boot state. */
    private void boot() {
        Hvf hvf = Hvf.openLibrary(lib);
        vm = hvf.createVm(new VmOptions(1, 0, 0));
        memory = HvfRam.allocate(4 << 20);
        for (MemoryRegion r : memory.regions()) vm.mapMemory(r);
        memory.write(Layout.PML4, PageTables.identityMap4G());
        vcpu = vm.createVcpu(0);
        BootCpuState s = BootCpuState.linux64(KERNEL, Layout.ZERO_PAGE);
        vcpu.setSpecialRegisters(s.sregs());
        vcpu.setRegisters(s.regs());
    }

    private void setRegs(long rax, long rbx, long rcx, long rdx, long rsi, long rdi) {
        Registers r = vcpu.getRegisters();
        vcpu.setRegisters(new Registers(rax, rbx, rcx, rdx, rsi, rdi, r.rsp(), r.rbp(), r.r8(), r.r9(), r.r10(),
                r.r11(), r.r12(), r.r13(), r.r14(), r.r15(), r.rip(), r.rflags()));
    }

    private static void push(int reason, long qual, int length) {
        fakehv_push_exit(0, reason, qual, length, 0, 0, 0);
    }

    @Test
    void bootStateInTheFakeVmcsPassesVmEntryChecks() {
        boot();
        assertEquals(List.of(), GuestStateChecks.check(f -> fakehv_peek_vmcs(0, f), CapabilityFixtures.INTEL_MAC));
        assertEquals(VmxControls.compute(CapabilityFixtures.INTEL_MAC).primary(),
                fakehv_peek_vmcs(0, PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS));
        assertEquals(0, fakehv_violations(), fakehv_last_violation());
    }

    @Test
    void outToTheUartReachesTheDeviceAndAdvancesRip() {
        boot();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Bus pio = new Bus("port I/O");
        pio.attach(new AddressRange(Uart16550.COM1_PORT, 8), new Uart16550("uart", IrqLine.none(4), console));
        setRegs(0x1234_5641L, 0, 0, Uart16550.COM1_PORT, 0, 0); // AL = 'A'
        fakehv_push_exit(0, ExitReason.IO_INSTRUCTION, IO_QUAL_OUT_3F8_BYTE, 1, 0, 0, 0); // out %al,(%dx)
        push(ExitReason.HLT, 0, 1);

        VcpuExit exit = vcpu.run();
        assertEquals(new VcpuExit.PortIo(0x3f8, 1, true, 1), exit);
        pio.write(0x3f8, 1, vcpu.ioWriteValue(0));
        assertEquals("A", console.toString());
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        assertEquals(RIP0 + 2, vcpu.getRegisters().rip()); // OUT (1 byte), then HLT (1 byte)
        assertEquals(0, fakehv_violations(), fakehv_last_violation());
    }

    @Test
    void inCompletesIntoAlAndKeepsTheRestOfRax() {
        boot();
        setRegs(0xaaaa_bbbb_cccc_dd00L, 0, 0, 0x3fd, 0, 0);
        push(ExitReason.IO_INSTRUCTION, 0x03fd_0000L | 8, 1); // in (%dx),%al
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.PortIo(0x3fd, 1, false, 1), vcpu.run());
        vcpu.completeRead(0x60);
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        assertEquals(0xaaaa_bbbb_cccc_dd60L, vcpu.getRegisters().rax());
    }

    @Test
    void cpuidIsAnsweredFromTheJavaModel() {
        boot();
        vcpu.setCpuid(List.of(new CpuidEntry(0, 0, false, 1, 0x756e6547, 0x6c65746e, 0x49656e69),
                new CpuidEntry(1, 0, false, 0x906ea, 0x800, 0x80000000, 0x178bfbff)));
        setRegs(1, 0, 0, 0, 0, 0);
        push(ExitReason.CPUID, 0, 2);
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.Halt(), vcpu.run()); // CPUID never leaves the backend
        Registers r = vcpu.getRegisters();
        assertArrayEquals(new long[] {0x906ea, 0x800, 0x80000000L, 0x178bfbff}, new long[] {r.rax(), r.rbx(), r.rcx(), r.rdx()});
        assertEquals(RIP0 + 3, r.rip());
    }

    @Test
    void aControlTheCapabilityForbidsIsRefusedNamingTheBit() {
        fakehv_set_cap(VmxCapabilities.HV_VMX_CAP_EXIT, CapabilityFixtures.EXIT & ~(1L << (32 + 9)));
        HvfException e = assertThrows(HvfException.class, () -> Hvf.openLibrary(lib));
        assertEquals("HVF: VM-exit control 'host address-space size' (bit 9) not allowed by capability 0x003f6dff00036dff",
                e.getMessage());
    }

    @Test
    void entryWithControlsTheFrameworkRejectsIsAnEntryFailure() {
        boot();
        // The framework changes its mind after the controls were written: "interrupt-window exiting" must now be 1.
        fakehv_set_cap(VmxCapabilities.HV_VMX_CAP_PROCBASED, CapabilityFixtures.PROCBASED | 1L << 2);
        push(ExitReason.HLT, 0, 1);
        VcpuExit exit = vcpu.run();
        VmxControls c = VmxControls.compute(CapabilityFixtures.INTEL_MAC);
        assertEquals(new VcpuExit.EntryFailure(0xfae94001L, String.format(
                "hv_vcpu_run_until returned HV_ERROR (0xfae94001); VM entry with invalid control field(s); VMCS controls: "
                        + "pin-based 0x%x, primary 0x%x, secondary 0x%x, exit 0x%x, entry 0x%x",
                c.pinBased(), c.primary(), c.secondary(), c.exit(), c.entryFor(0x500))), exit);
        assertEquals(0, fakehv_runs());
    }

    /** HVF says only "invalid guest state"; jhyve names the rule from the live VMCS. */
    @Test
    void anInvalidGuestStateEntryFailureNamesTheBrokenRule() {
        boot();
        setRflags(0); // bit 1 of RFLAGS must be 1
        fakehv_push_exit(0, (int) (1L << 31 | ExitReason.ENTRY_FAILURE_INVALID_GUEST_STATE), 0, 0, 0, 0, 0);
        VcpuExit exit = vcpu.run();
        assertEquals(new VcpuExit.EntryFailure(ExitReason.ENTRY_FAILURE_INVALID_GUEST_STATE, "VM entry failed: invalid "
                + "guest state; the guest state breaks SDM 26.3.1.4: RFLAGS 0x0: reserved bits must be 0 and bit 1 must be 1"),
                exit);
    }

    @Test
    void mmioStoreAndLoadThroughTheDecoder() {
        boot();
        memory.write(RIP0, new byte[] {(byte) 0x89, 0x07, (byte) 0x8b, 0x0f}); // mov %eax,(%rdi); mov (%rdi),%ecx
        setRegs(0xdead_beefL, 0, 0xffff_ffff_ffff_ffffL, 0, 0, 0xfeb0_0000L);
        long write = 2 | 0x80 | 0x100, read = 1 | 0x80 | 0x100;
        fakehv_push_exit(0, ExitReason.EPT_VIOLATION, write, 0, 0, 0xfeb0_0000L, 0xfeb0_0000L);
        fakehv_push_exit(0, ExitReason.EPT_VIOLATION, read, 0, 0, 0xfeb0_0000L, 0xfeb0_0000L);
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.Mmio(0xfeb0_0000L, 4, true, 0xdead_beefL), vcpu.run());
        assertEquals(new VcpuExit.Mmio(0xfeb0_0000L, 4, false, 0), vcpu.run());
        vcpu.completeRead(0x1234);
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        Registers r = vcpu.getRegisters();
        assertEquals(0x1234, r.rcx()); // a 32-bit load zero-extends
        assertEquals(RIP0 + 5, r.rip());
    }

    @Test
    void stosWith32BitAddressingMovesEdiAndClearsTheUpperHalf() {
        boot();
        memory.write(RIP0, new byte[] {0x67, (byte) 0xab}); // addr32 stos %eax,%es:(%edi)
        setRegs(0x1122_3344L, 0, 0, 0, 0, 0x5a5a_5a5a_feb0_0000L);
        fakehv_push_exit(0, ExitReason.EPT_VIOLATION, 2 | 0x80 | 0x100, 0, 0, 0xfeb0_0000L, 0xfeb0_0000L);
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.Mmio(0xfeb0_0000L, 4, true, 0x1122_3344L), vcpu.run());
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        Registers r = vcpu.getRegisters();
        assertEquals(0xfeb0_0004L, r.rdi());
        assertEquals(RIP0 + 3, r.rip());
    }

    @Test
    void repOutsWith32BitAddressingMovesEsiAndEcxAsThirtyTwoBitRegisters() {
        boot();
        memory.write(0x30_0000, new byte[] {'o', 'k'});
        setRegs(0, 0, 0x7777_7777_0000_0002L, 0x3f8, 0x5a5a_5a5a_0030_0000L, 0);
        long outsb = 0x03f8_0000L | 16 | 32, addr32Ds = 1 << 7 | 3 << 15; // addr32 rep outsb; info: 32-bit, DS
        fakehv_push_exit(0, ExitReason.IO_INSTRUCTION, outsb, 3, (int) addr32Ds, 0, 0);
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.PortIo(0x3f8, 1, true, 2), vcpu.run());
        assertEquals('o', vcpu.ioWriteValue(0));
        assertEquals('k', vcpu.ioWriteValue(1));
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        Registers r = vcpu.getRegisters();
        assertEquals(0x30_0002L, r.rsi());
        assertEquals(0, r.rcx());
        assertEquals(RIP0 + 4, r.rip());
    }

    @Test
    void mmioWithAnUnknownInstructionStopsWithTheBytes() {
        boot();
        memory.write(RIP0, new byte[] {(byte) 0xf3, (byte) 0xaa}); // rep stosb
        fakehv_push_exit(0, ExitReason.EPT_VIOLATION, 2 | 0x80 | 0x100, 0, 0, 0xfeb0_0000L, 0);
        VcpuExit exit = vcpu.run();
        assertEquals(new VcpuExit.InternalError(ExitReason.EPT_VIOLATION, "MMIO instruction f3 aa 00 00 00 00 00 00 00 00 "
                + "00 00 00 00 00: REP/REPNE prefixed string instructions are not emulated at RIP 0x100200, "
                + "guest-physical 0xfeb00000"), exit);
    }

    @Test
    void longModeSwitchThroughCr4EferAndCr0Exits() {
        boot();
        BootCpuState pvh = BootCpuState.pvh32(KERNEL, Layout.PVH_START_INFO);
        vcpu.setSpecialRegisters(pvh.sregs());
        vcpu.setRegisters(pvh.regs());
        setRegs(0x100, 0x8000_0011L, 0xc000_0080L, 0, 0x20, 0); // EFER.LME; CR0 PE|ET|PG; CR4 PAE
        push(ExitReason.CONTROL_REGISTER_ACCESS, 4 | 6 << 8, 3); // mov %esi,%cr4
        push(ExitReason.WRMSR, 0, 2);                             // wrmsr
        push(ExitReason.CONTROL_REGISTER_ACCESS, 0 | 3 << 8, 3);  // mov %ebx,%cr0
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        var s = vcpu.getSpecialRegisters();
        assertEquals(0x500, s.efer());
        assertEquals(0x8000_0011L, s.cr0());
        assertEquals(0x20, s.cr4());
        assertEquals(1 << 9, fakehv_peek_vmcs(0, VM_ENTRY_CONTROLS) & 1 << 9);
        assertEquals(11, fakehv_peek_vmcs(0, GUEST_TR_ACCESS_RIGHTS) & 0xf);
        assertEquals(pvh.regs().rip() + 3 + 2 + 3 + 1, vcpu.getRegisters().rip());
    }

    @Test
    void unknownMsrRaisesGeneralProtectionInTheGuest() {
        boot();
        setRegs(0, 0, 0xce, 0, 0, 0);
        push(ExitReason.RDMSR, 0, 2);
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        assertEquals(13 | 3 << 8 | 1 << 11 | 1L << 31, fakehv_last_injected(0, 0));
        assertEquals(RIP0 + 1, vcpu.getRegisters().rip()); // RDMSR not skipped: the #GP is delivered on it
    }

    @Test
    void anEventCutShortByAnExitIsReinjected() {
        boot();
        push(ExitReason.EXTERNAL_INTERRUPT, 0, 0);
        fakehv_set_last_exit_vectoring(0, 0x8000_0b0e, 2); // the guest's #PF(2) was being delivered
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        assertEquals(0x8000_0b0eL, fakehv_last_injected(0, 0)); // delivered at the entry after the interrupt
        assertEquals(2, fakehv_last_injected(0, 1));
    }

    /** Programs the PICs as Linux's init_8259A() does: vectors 0x30-0x3f, everything unmasked. */
    private void initPics() {
        var devices = vm.portDevices();
        var master = devices.get(0).device();
        var slave = devices.get(1).device();
        for (int[] w : new int[][] {{0, 0x11}, {1, 0x30}, {1, 0x04}, {1, 0x01}, {1, 0x00}}) master.write(w[0], 1, w[1]);
        for (int[] w : new int[][] {{0, 0x11}, {1, 0x38}, {1, 0x02}, {1, 0x01}, {1, 0x00}}) slave.write(w[0], 1, w[1]);
    }

    private void setRflags(long rflags) {
        Registers r = vcpu.getRegisters();
        vcpu.setRegisters(new Registers(r.rax(), r.rbx(), r.rcx(), r.rdx(), r.rsi(), r.rdi(), r.rsp(), r.rbp(), r.r8(),
                r.r9(), r.r10(), r.r11(), r.r12(), r.r13(), r.r14(), r.r15(), r.rip(), rflags));
    }

    @Test
    void picInterruptWaitsForTheWindowThenIsInjected() {
        boot();
        initPics();
        assertEquals(List.of("i8259-master@0x20", "i8259-slave@0xa0", "elcr@0x4d0", "i8254-pit@0x40", "port-b@0x61"),
                vm.portDevices().stream().map(d -> d.device().name()).toList());
        long windowBit = VmxControl.INTERRUPT_WINDOW_EXITING.mask();
        vm.setIrqLine(4, true); // the UART's line; the boot state has RFLAGS.IF = 0
        push(ExitReason.IO_INSTRUCTION, IO_QUAL_OUT_3F8_BYTE, 1);
        assertEquals(new VcpuExit.PortIo(0x3f8, 1, true, 1), vcpu.run());
        assertEquals(windowBit, fakehv_peek_vmcs(0, PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) & windowBit);
        assertEquals(0, fakehv_last_injected(0, 0));

        setRflags(0x202); // the guest executes STI
        push(ExitReason.INTERRUPT_WINDOW, 0, 0);
        push(ExitReason.IO_INSTRUCTION, IO_QUAL_OUT_3F8_BYTE, 1);
        assertEquals(new VcpuExit.PortIo(0x3f8, 1, true, 1), vcpu.run());
        assertEquals(0x8000_0034L, fakehv_last_injected(0, 0)); // external interrupt, vector 0x30 + 4
        assertEquals(0, fakehv_peek_vmcs(0, PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) & windowBit);
        var master = vm.portDevices().get(0).device();
        master.write(0, 1, 0x0b); // OCW3: read ISR
        assertEquals(1 << 4, master.read(0, 1));
    }

    @Test
    void hltWithInterruptsOnSleepsUntilThePicRaisesOne() throws Exception {
        boot();
        initPics();
        setRflags(0x202);
        push(ExitReason.HLT, 0, 1);
        push(ExitReason.IO_INSTRUCTION, IO_QUAL_OUT_3F8_BYTE, 1);
        Thread vcpuThread = Thread.currentThread();
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            awaitParked(vcpuThread); // a tick before the HLT would be taken before it (see below)
            vm.setIrqLine(0, true); // the timer tick
        });
        long start = System.nanoTime();
        timer.start();
        assertEquals(new VcpuExit.PortIo(0x3f8, 1, true, 1), vcpu.run());
        timer.join();
        assertTrue(System.nanoTime() - start >= 150_000_000L);
        assertEquals(0x8000_0030L, fakehv_last_injected(0, 0));
    }

    @Test
    void pitTickWakesAHaltedVcpuThroughThePic() {
        boot();
        initPics();
        var pit = vm.portDevices().get(3).device();
        setRflags(0x202);
        push(ExitReason.HLT, 0, 1);
        push(ExitReason.IO_INSTRUCTION, IO_QUAL_OUT_3F8_BYTE, 1);
        // The timer starts only once the vCPU is halted: a tick before the entry would be injected
        // before the HLT ran (as on a real CPU), and the halted vCPU would then wait for a second one.
        Thread vcpuThread = Thread.currentThread();
        Thread programmer = new Thread(() -> {
            awaitParked(vcpuThread);
            pit.write(3, 1, 0x30); // channel 0, one-shot (mode 0), 1193 clocks = 1 ms
            pit.write(0, 1, 1193 & 0xff);
            pit.write(0, 1, 1193 >> 8);
        });
        programmer.start();
        assertEquals(new VcpuExit.PortIo(0x3f8, 1, true, 1), vcpu.run());
        assertEquals(0x8000_0030L, fakehv_last_injected(0, 0)); // IRQ 0 -> vector 0x30
    }

    @Test
    void kickEndsAHalt() throws Exception {
        boot();
        setRflags(0x202);
        push(ExitReason.HLT, 0, 1);
        Thread kicker = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            vcpu.kick();
        });
        kicker.start();
        assertEquals(new VcpuExit.Interrupted(), vcpu.run());
        kicker.join();
    }

    @Test
    void kickFromAnotherThreadInterruptsARunningVcpu() throws Exception {
        boot();
        Thread kicker = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            vcpu.kick();
        });
        kicker.start();
        assertEquals(new VcpuExit.Interrupted(), vcpu.run());
        kicker.join();
        assertEquals(0, fakehv_violations(), fakehv_last_violation());
    }

    @Test
    void vcpuUsedFromAnotherThreadIsRefusedInJavaAndByTheFake() throws Exception {
        boot();
        Throwable[] seen = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                vcpu.getRegisters();
            } catch (Throwable t) {
                seen[0] = t;
            }
            HvfNative.hvs_vcpu_destroy(0); // straight to the framework: the fake must refuse it
        }, "intruder");
        other.start();
        other.join();
        assertEquals("HVF vCPU 0 belongs to thread 'main' but was used from 'intruder'; Hypervisor.framework allows "
                + "only the owning thread", seen[0].getMessage().replace(Thread.currentThread().getName(), "main"));
        assertEquals(1, fakehv_violations());
        assertEquals("hv_vcpu_destroy: vCPU 0 used by a thread that does not own it", fakehv_last_violation());
    }

    @Test
    void oneVmPerProcessAndMisalignedRamAreRefused() {
        boot();
        HvfException e = assertThrows(HvfException.class, () -> Hvf.openLibrary(lib).createVm(new VmOptions(1, 0, 0)));
        assertEquals("HVF: hv_vm_create returned HV_BUSY (0xfae94002): this process already has a VM "
                + "(Hypervisor.framework allows one per process)", e.getMessage());
        assertEquals(1, fakehv_mapping_count());
        assertEquals(HvReturn.HV_BAD_ARGUMENT, HvfNative.hvs_vm_map(0x1000, 0x1000, 0x1000, 7)); // overlaps RAM
        assertEquals("hv_vm_map: gpa 0x1000 size 0x1000 overlaps a mapping", fakehv_last_violation());
        assertEquals(HvReturn.HV_BAD_ARGUMENT, HvfNative.hvs_vm_map(0x1000, 0x1000_0800L, 0x1000, 7)); // misaligned
        assertEquals("hv_vm_map: uva 0x1000 gpa 0x10000800 size 0x1000 not page aligned", fakehv_last_violation());
    }

    @Test
    void missingEntitlementIsExplained() {
        fakehv_fail_next_vm_create(HvReturn.HV_DENIED);
        HvfException e = assertThrows(HvfException.class, () -> Hvf.openLibrary(lib).createVm(new VmOptions(1, 0, 0)));
        assertTrue(e.getMessage().startsWith("HVF: hv_vm_create returned HV_DENIED (0xfae94007): the java executable "));
        assertTrue(e.getMessage().contains("lacks the com.apple.security.hypervisor entitlement"), e.getMessage());
    }

    @Test
    void closingDestroysVcpuThenVm() {
        boot();
        vcpu.close();
        vcpu = null;
        vm.close();
        vm = null;
        assertEquals(0, fakehv_vcpu_count());
        assertEquals(0, fakehv_mapping_count());
        assertEquals(0, fakehv_violations(), fakehv_last_violation());
    }

    /**
     * SMP on HVF through the Java local APICs: vCPU 1, created on its own thread, waits in run() until
     * vCPU 0's APIC sends INIT and STARTUP (the ICR writes Linux's wakeup_secondary_cpu_via_init
     * makes, here straight into vCPU 0's APIC page), then enters in real mode at the vector's page.
     */
    @Test
    void anApplicationProcessorStartsOnTheStartupIpiFromTheJavaApic() throws Exception {
        Hvf hvf = Hvf.openLibrary(lib);
        vm = hvf.createVm(new VmOptions(2, 0, 0));
        memory = HvfRam.allocate(4 << 20);
        for (MemoryRegion r : memory.regions()) vm.mapMemory(r);
        vcpu = vm.createVcpu(0);
        var apicPage = vm.mmioDevices().get(0).device();
        assertEquals("local-apic@0xfee00000", apicPage.name());
        VcpuExit[] apExit = new VcpuExit[1];
        Thread ap = new Thread(() -> {
            Vcpu v = vm.createVcpu(1);
            fakehv_push_exit(1, ExitReason.HLT, 0, 1, 0, 0, 0);
            try {
                apExit[0] = v.run();
            } finally {
                v.close();
            }
        }, "vcpu-1");
        ap.start();
        awaitParked(ap);
        assertEquals(0, fakehv_runs(), "the AP does not enter the guest before STARTUP");
        apicPage.write(LocalApic.APIC_ICR_LOW, 4, 0x000c_4500L); // INIT, level assert, all excluding self
        apicPage.write(LocalApic.APIC_ICR_LOW, 4, 0x000c_469aL); // STARTUP, vector 0x9a
        ap.join(10_000);
        assertEquals(new VcpuExit.Halt(), apExit[0]);
        assertEquals(0x9a00, fakehv_peek_vmcs(1, GUEST_CS_SELECTOR));
        assertEquals(0x9a000, fakehv_peek_vmcs(1, GUEST_CS_BASE));
        assertEquals(1, fakehv_vcpu_count(), "vCPU 1 was destroyed on its own thread");
        assertEquals(0, fakehv_violations(), fakehv_last_violation());
    }

    /** An NMI IPI to self (Linux's NMI backtrace of this CPU) is injected as an NMI at the next entry. */
    @Test
    void anNmiFromTheJavaApicIsInjectedAtTheNextEntry() {
        boot();
        var apicPage = vm.mmioDevices().get(0).device();
        apicPage.write(LocalApic.APIC_ICR_LOW, 4, 1 << 18 | 4 << 8); // NMI, shorthand self
        push(ExitReason.HLT, 0, 1);
        assertEquals(new VcpuExit.Halt(), vcpu.run());
        assertEquals(EventInjection.nmiInfo(), fakehv_last_injected(0, 0));
        assertEquals(0x8000_0202L, EventInjection.nmiInfo());
    }

    /** Waits (up to 10 s) until {@code t} is parked, as a vCPU thread halted in HLT is. */
    private static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.onSpinWait();
    }
}

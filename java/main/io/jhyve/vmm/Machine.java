package io.jhyve.vmm;

import io.jhyve.JhyveException;
import io.jhyve.arch.x86.BootCpuState;
import io.jhyve.arch.x86.CpuidPolicy;
import io.jhyve.boot.KernelImage;
import io.jhyve.boot.LinuxBoot;
import io.jhyve.config.MachineConfig;
import io.jhyve.devices.Bus;
import io.jhyve.devices.acpi.AcpiPm;
import io.jhyve.devices.legacy.Uart16550;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.Hypervisor;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VirtualMachine;
import io.jhyve.memory.GuestMemory;
import io.jhyve.vmm.EndReason.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A built machine and its run: vCPU threads, the console, and the end. {@link #boot} is the whole
 * life of a VM: build, run until something ends it, tear down, and say why.
 */
public final class Machine implements AutoCloseable {
    private final MachineConfig config;
    private final Hypervisor hypervisor;
    private final VirtualMachine vm;
    private final GuestMemory memory;
    private final Bus pio;
    private final Bus mmio;
    private final SerialConsole console;
    private final Uart16550 com1;
    private final AcpiPm acpiPm;
    private final BootCpuState entry;
    private final MachineEnd end;
    private final BootTimeline timeline;
    private final RunMonitor monitor;
    private final RunOptions options;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> alsoClose = new ArrayList<>();
    /** Counts down as each vCPU thread's loop ends (or its set-up fails). */
    private final CountDownLatch loopsEnded;
    /** Released by {@link #close()}: each vCPU thread then closes its own vCPU (HVF allows only the owner to). */
    private final CountDownLatch closing = new CountDownLatch(1);

    Machine(MachineConfig config, Hypervisor hypervisor, VirtualMachine vm, GuestMemory memory, Bus pio, Bus mmio,
            SerialConsole console, Uart16550 com1, AcpiPm acpiPm, BootCpuState entry, MachineEnd end,
            BootTimeline timeline, RunMonitor monitor, RunOptions options) {
        this.config = config;
        this.hypervisor = hypervisor;
        this.vm = vm;
        this.memory = memory;
        this.pio = pio;
        this.mmio = mmio;
        this.console = console;
        this.com1 = com1;
        this.acpiPm = acpiPm;
        this.entry = entry;
        this.end = end;
        this.timeline = timeline;
        this.monitor = monitor;
        this.options = options;
        this.loopsEnded = new CountDownLatch(config.cpus());
        end.onEnd(this::kickAll);
    }

    /**
     * Builds the machine for {@code config}, runs it to its end and reports why it ended. A guest
     * reboot (reset or triple fault) with {@code onReboot: "restart"} builds a fresh machine and
     * boots the kernel again instead: a new VM is the one reset every device and vCPU agrees on.
     */
    public static RunReport boot(MachineConfig config, RunOptions options) {
        RunStops stops = new RunStops();
        try (SignalStop ignored = SignalStop.install(stops)) {
            while (true) {
                try (Machine m = MachineBuilder.build(config, options)) {
                    EndReason end = m.run(stops);
                    m.awaitVcpuThreads(VCPU_STATE_WAIT_MILLIS);
                    boolean reboot = end.kind() == Kind.GUEST_RESET || end.kind() == Kind.TRIPLE_FAULT;
                    if (reboot && config.onReboot() == MachineConfig.OnReboot.RESTART && stops.late() == null) {
                        System.err.println("jhyve: " + end.message() + "; restarting (onReboot: \"restart\")");
                        continue;
                    }
                    EndReason last = reboot && stops.late() != null ? stops.late() : end;
                    return RunReporter.report(last, m.monitor, m.memory, m.config, m.options, m.timeline);
                }
            }
        }
    }

    /**
     * How long the report waits for kicked vCPU threads to leave the guest, so their last state is
     * the one at the end; under nested emulation a kick can take seconds to land.
     */
    private static final long VCPU_STATE_WAIT_MILLIS = 10_000;

    /** Waits up to {@code millis} in all for the vCPU loops to end. */
    private void awaitVcpuThreads(long millis) {
        try {
            loopsEnded.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What {@code --dry-run} prints about the kernel: parsed and placed, without a hypervisor. */
    public static String describeBoot(MachineConfig config) {
        KernelImage kernel = readKernel(config.kernel());
        long initrdSize = config.initrd().map(Machine::fileSize).orElse(0L);
        StringBuilder devices = new StringBuilder();
        boolean onCmdline = VirtioDevices.acpiOff(config.cmdline());
        for (var d : VirtioDevices.place(config)) {
            devices.append(String.format("%nvirtio-mmio: %s window 0x%x-0x%x gsi %d, announced %s", d.name(), d.base(),
                    d.base() + d.size() - 1, d.gsi(), onCmdline ? "on the command line (acpi=off)"
                            : "in the ACPI DSDT (_HID LNRO0005, _UID " + d.uid() + ")"));
        }
        return LinuxBoot.plan(config.memoryBytes(), kernel, initrdSize,
                config.initrd().map(Path::toString).orElse(null), VirtioDevices.kernelCmdline(config)).describe()
                + devices;
    }

    static KernelImage readKernel(Path path) {
        try {
            return KernelImage.parse(path.toString(), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new JhyveException("cannot read kernel " + path + ": " + e.getMessage(), e);
        }
    }

    private static long fileSize(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new JhyveException("cannot read initrd " + path + ": " + e.getMessage(), e);
        }
    }

    static byte[] readInitrd(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new JhyveException("cannot read initrd " + path + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new JhyveException("initrd " + path + " is too large to load into jhyve's heap", e);
        }
    }

    /** Starts every vCPU on its own platform thread, waits for the end, and stops them. */
    EndReason run(RunStops stops) {
        List<CpuidEntry> supported = vm.supportedCpuid();
        String hiding = CpuidPolicy.hidingReport(supported, config.cpuidHide());
        if (!hiding.isEmpty()) System.err.println(hiding);
        CountDownLatch created = new CountDownLatch(config.cpus());
        for (int i = 0; i < config.cpus(); i++) {
            int id = i;
            Thread t = new Thread(() -> vcpuThread(id, supported, created), "vcpu-" + id);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        monitor.startSilenceWatch(end);
        try (GracefulStop stop = new GracefulStop(acpiPm, end, config.stopGraceSeconds(), System.err)) {
            stops.attach(end, stop);
            console.start(com1, end, () -> stop.request("Ctrl-A q", Kind.USER_QUIT, Kind.USER_QUIT.exitStatus()));
            return end.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end.end(EndReason.of(Kind.SIGNAL, "interrupted", 130));
            return end.reason();
        } finally {
            stops.detach();
            monitor.noteEnd();
            kickAll();
            awaitVcpuThreads(2000);
            timeline.mark("end");
        }
    }

    private void vcpuThread(int id, List<CpuidEntry> supported, CountDownLatch created) {
        Vcpu vcpu = null;
        try {
            vcpu = runVcpu(id, supported, created);
        } finally {
            loopsEnded.countDown();
        }
        if (vcpu != null) closeOnThisThread(vcpu);
    }

    /** Creates, sets up and runs vCPU {@code id} to the end of its loop; null if its set-up failed. */
    private Vcpu runVcpu(int id, List<CpuidEntry> supported, CountDownLatch created) {
        Vcpu vcpu;
        try {
            vcpu = vm.createVcpu(id);
            vcpu.setCpuid(CpuidPolicy.forVcpu(supported, id, config.cpus(), config.cpuidHide()));
            if (id == 0) {
                vcpu.setSpecialRegisters(entry.sregs());
                vcpu.setRegisters(entry.regs());
            }
            synchronized (vcpus) {
                vcpus.add(vcpu);
            }
        } catch (RuntimeException e) {
            end.end(EndReason.of(Kind.VMM_ERROR, "could not set up vCPU " + id + ": " + e.getMessage(), 1));
            return null;
        } finally {
            created.countDown();
        }
        MonitoredVcpu monitored = monitor.wrap(vcpu);
        new VcpuLoop(monitored, pio, mmio, end, timeline).run();
        // A loop that stopped between I/O exits never re-entered the guest to be kicked: its state
        // at the end is read here, still on the vCPU's own thread.
        monitored.snapshot();
        return vcpu;
    }

    /**
     * Waits for {@link #close()}, then closes {@code vcpu} here: Hypervisor.framework destroys a vCPU
     * only on the thread that created it, and refuses to destroy a VM whose vCPUs live on.
     */
    private void closeOnThisThread(Vcpu vcpu) {
        try {
            closing.await();
        } catch (InterruptedException e) {
            return;
        }
        synchronized (vcpus) {
            vcpus.remove(vcpu); // no kick may reach it once closed
        }
        try {
            vcpu.close();
        } catch (RuntimeException e) {
            System.err.println("jhyve: closing vCPU " + vcpu.id() + ": " + e.getMessage());
        }
    }

    private void kickAll() {
        synchronized (vcpus) {
            for (Vcpu v : vcpus) v.kick();
        }
    }

    public GuestMemory memory() { return memory; }

    /** The port-I/O bus: where each device sits ({@link Bus#describe()}), e.g. for a device model's tests. */
    public Bus portBus() { return pio; }

    /** The MMIO bus, likewise. */
    public Bus mmioBus() { return mmio; }

    /** Closes {@code resource} (device workers, disk images) with the machine, after the vCPUs stop. */
    void closeAlso(AutoCloseable resource) {
        alsoClose.add(resource);
    }

    @Override
    public void close() {
        console.close();
        for (AutoCloseable r : alsoClose) {
            try {
                r.close();
            } catch (Exception e) {
                System.err.println("jhyve: closing " + r + ": " + e.getMessage());
            }
        }
        // A vCPU thread still inside the guest after the kick keeps its vCPU, and with it the VM and
        // guest RAM, which the process exit reclaims.
        if (threads.isEmpty() || loopsEnded.getCount() == 0) {
            closing.countDown();
            for (Thread t : threads) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean allClosed;
            synchronized (vcpus) {
                allClosed = vcpus.isEmpty() && threads.stream().noneMatch(Thread::isAlive);
            }
            if (allClosed) {
                vm.close();
                memory.close();
            }
        }
        hypervisor.close();
    }
}

package io.jhyve.hv.kvm;

import static io.jhyve.hv.kvm.sys.KvmApi.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.jhyve.arch.x86.BootCpuState;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.ExitValues;
import io.jhyve.hv.HypervisorException;
import io.jhyve.hv.Registers;
import io.jhyve.hv.SpecialRegisters;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VcpuExit;
import io.jhyve.hv.irqchip.UserspaceIrqChip;
import io.jhyve.hv.irqchip.VcpuInterrupts;
import io.jhyve.sys.Errno;
import io.jhyve.sys.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A KVM vCPU and its shared {@code kvm_run} page. {@link #run()} decodes the exit from that page
 * with fixed offsets through a direct {@link ByteBuffer} over the mapping: plain, bounds-checked
 * Java loads that the JIT inlines, where JNA's {@code Pointer.getInt} is a native call per field.
 * Buffers for register calls are allocated once.
 *
 * <p>Kicking (api.rst §4.1 "immediate_exit"): set {@code immediate_exit} then send the vCPU thread
 * a signal, so KVM_RUN returns EINTR whether the thread was inside the guest or about to enter.
 * The signal is SIGPIPE because HotSpot installs a handler for it that ignores it: delivery is
 * harmless to the JVM, yet, unlike SIG_IGN, it interrupts the ioctl.
 *
 * <p>With a userspace irqchip, {@link #run()} also does what KVM's LAPIC would: before each entry
 * {@link VcpuInterrupts} decides between KVM_INTERRUPT (when {@code ready_for_interrupt_injection}
 * and {@code if_flag} of the last exit allow it) and {@code request_interrupt_window}; the
 * KVM_EXIT_IRQ_WINDOW_OPEN that follows, KVM_EXIT_HLT (the vCPU waits for an interrupt) and a
 * wake-up for a new interrupt are handled here without returning (api.rst §4.16, §5 "kvm_run").
 */
final class KvmVcpu implements Vcpu {
    private static final int SIGPIPE = 13;

    private final int id;
    private final int fd;
    private final long runSize;
    private final Pointer run;
    /** The kvm_run mapping in host byte order; every exit field is read and written through it. */
    private final ByteBuffer page;
    private final Memory regsBuf = new Memory(SIZEOF_KVM_REGS());
    private final Memory sregsBuf = new Memory(SIZEOF_KVM_SREGS());
    private final int tid = LibC.gettid();
    /** Null with KVM's in-kernel irqchip. */
    private final UserspaceIrqChip irqChip;
    private final VcpuInterrupts interrupts;
    private final VcpuInterrupts.EntryWindow window = new RunPageWindow();
    private final ExitValues exitValues = new ExitValues();
    private final Memory interruptBuf = new Memory(4);
    private volatile boolean closed;

    KvmVcpu(int id, int fd, int mmapSize, UserspaceIrqChip irqChip) {
        this.id = id;
        this.fd = fd;
        this.runSize = mmapSize;
        long addr = LibC.mmap(0, mmapSize, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        if (addr == -1L) {
            int errno = Native.getLastError();
            LibC.close(fd);
            throw new HypervisorException("mmap(kvm_run)", Errno.describe(errno), "vCPU " + id);
        }
        this.run = new Pointer(addr);
        this.page = run.getByteBuffer(0, mmapSize).order(ByteOrder.nativeOrder());
        this.irqChip = irqChip;
        this.interrupts = irqChip == null ? null : irqChip.attachVcpu(id, this::forceExit);
    }

    @Override
    public int id() { return id; }

    @Override
    public VcpuExit run() {
        if (interrupts == null) return enter() ? decodeExit() : new VcpuExit.Interrupted();
        if (interrupts.awaitingStartup() && !interrupts.startWhenSignalled(this)) return new VcpuExit.Interrupted();
        while (true) {
            if (interrupts.takeKick()) return new VcpuExit.Interrupted();
            interrupts.beforeEntry(window);
            if (!enter()) continue; // a kick (checked above) or a new interrupt to inject
            switch (page.getInt(RUN_EXIT_REASON)) {
                case KVM_EXIT_IRQ_WINDOW_OPEN, KVM_EXIT_INTR:
                    continue;
                case KVM_EXIT_HLT:
                    // KVM has already moved RIP past the HLT.
                    if (interrupts.halt(page.get(RUN_IF_FLAG) != 0)) return new VcpuExit.Interrupted();
                    continue;
                default:
                    return decodeExit();
            }
        }
    }

    /** One KVM_RUN; false when a kick or signal interrupted it. */
    private boolean enter() {
        try {
            LibC.ioctl(fd, KVM_RUN, 0L);
            return true;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Errno.EINTR || errno == Errno.EAGAIN) {
                page.put(RUN_IMMEDIATE_EXIT, (byte) 0);
                return false;
            }
            throw KvmErrors.failed("KVM_RUN", e, "vCPU " + id);
        }
    }

    /** The kvm_run side of an injection decision (userspace irqchip only). */
    private final class RunPageWindow implements VcpuInterrupts.EntryWindow {
        @Override
        public boolean open() {
            return page.get(RUN_READY_FOR_INTERRUPT_INJECTION) != 0 && page.get(RUN_IF_FLAG) != 0;
        }

        @Override
        public void inject(int vector) {
            interruptBuf.setInt(0, vector);
            ioctl("KVM_INTERRUPT", KVM_INTERRUPT, interruptBuf);
        }

        @Override
        public void requestWindow(boolean on) {
            page.put(RUN_REQUEST_INTERRUPT_WINDOW, (byte) (on ? 1 : 0));
        }

        /** KVM_NMI only queues the NMI: KVM delivers it once the guest's NMI blocking allows. */
        @Override
        public boolean nmiOpen() { return true; }

        @Override
        public void injectNmi() {
            ioctl("KVM_NMI", KVM_NMI, Pointer.NULL);
        }
    }

    private VcpuExit decodeExit() {
        int reason = page.getInt(RUN_EXIT_REASON);
        switch (reason) {
            case KVM_EXIT_IO: {
                boolean write = page.get(RUN_IO_DIRECTION) == KVM_EXIT_IO_OUT;
                return exitValues.portIo(page.getShort(RUN_IO_PORT) & 0xffff, page.get(RUN_IO_SIZE),
                        write, page.getInt(RUN_IO_COUNT));
            }
            case KVM_EXIT_MMIO: {
                int len = page.getInt(RUN_MMIO_LEN);
                boolean write = page.get(RUN_MMIO_IS_WRITE) != 0;
                long value = write ? readLittleEndian(RUN_MMIO_DATA, len) : 0;
                return exitValues.mmio(page.getLong(RUN_MMIO_PHYS_ADDR), len, write, value);
            }
            case KVM_EXIT_HLT:
                return new VcpuExit.Halt();
            case KVM_EXIT_SHUTDOWN:
                return new VcpuExit.Shutdown();
            case KVM_EXIT_INTR:
                return new VcpuExit.Interrupted();
            case KVM_EXIT_FAIL_ENTRY: {
                long hw = page.getLong(RUN_FAIL_ENTRY_REASON);
                return new VcpuExit.EntryFailure(hw, EntryFailureReasons.explain(hw));
            }
            case KVM_EXIT_INTERNAL_ERROR:
                return internalError();
            case KVM_EXIT_SYSTEM_EVENT:
                return new VcpuExit.SystemEvent(switch (page.getInt(RUN_SYSTEM_EVENT_TYPE)) {
                    case KVM_SYSTEM_EVENT_SHUTDOWN -> "shutdown";
                    case KVM_SYSTEM_EVENT_RESET -> "reset";
                    case KVM_SYSTEM_EVENT_CRASH -> "crash";
                    default -> "type " + page.getInt(RUN_SYSTEM_EVENT_TYPE);
                });
            case KVM_EXIT_EXCEPTION:
                return new VcpuExit.Unknown(reason, String.format("KVM_EXIT_EXCEPTION vector %d error code 0x%x",
                        page.getInt(RUN_EX_EXCEPTION), page.getInt(RUN_EX_ERROR_CODE)));
            case KVM_EXIT_UNKNOWN:
                return new VcpuExit.Unknown(reason, String.format("KVM_EXIT_UNKNOWN hardware exit reason 0x%x",
                        page.getLong(RUN_HW_EXIT_REASON)));
            default:
                return new VcpuExit.Unknown(reason, "KVM exit reason " + reason);
        }
    }

    private VcpuExit internalError() {
        int sub = page.getInt(RUN_INTERNAL_SUBERROR);
        int ndata = Math.min(page.getInt(RUN_INTERNAL_NDATA), 16);
        StringBuilder sb = new StringBuilder(switch (sub) {
            case KVM_INTERNAL_ERROR_EMULATION -> "KVM's instruction emulator failed (emulation failure)";
            case KVM_INTERNAL_ERROR_SIMUL_EX -> "an exception occurred while delivering another (simultaneous exceptions)";
            case KVM_INTERNAL_ERROR_DELIVERY_EV -> "an event could not be delivered through the guest's IDT";
            case KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON -> "the hardware reported an exit KVM did not expect";
            default -> "suberror " + sub;
        });
        if (ndata > 0) {
            sb.append("; data:");
            for (int i = 0; i < ndata; i++) sb.append(String.format(" 0x%x", page.getLong(RUN_INTERNAL_DATA + 8 * i)));
        }
        return new VcpuExit.InternalError(sub, sb.toString());
    }

    private long readLittleEndian(int offset, int len) {
        long v = 0;
        for (int i = Math.min(len, 8) - 1; i >= 0; i--) v = (v << 8) | (page.get(offset + i) & 0xffL);
        return v;
    }

    /**
     * Where element {@code i} of the pending port I/O lies in the kvm_run page, or -1 when it lies
     * outside the page (KVM fills data_offset; we still never trust an offset to stay in bounds).
     */
    private int ioElementOffset(int i) {
        int size = page.get(RUN_IO_SIZE);
        long at = page.getLong(RUN_IO_DATA_OFFSET) + (long) i * size;
        boolean ok = i >= 0 && i < page.getInt(RUN_IO_COUNT) && at >= 0 && at + size <= runSize;
        return ok ? (int) at : -1;
    }

    @Override
    public void completeRead(int element, long value) {
        int reason = page.getInt(RUN_EXIT_REASON);
        if (reason == KVM_EXIT_IO) {
            int at = ioElementOffset(element);
            if (at >= 0) writeLittleEndian(at, page.get(RUN_IO_SIZE), value);
        } else if (reason == KVM_EXIT_MMIO) {
            writeLittleEndian(RUN_MMIO_DATA, Math.min(page.getInt(RUN_MMIO_LEN), 8), value);
        }
    }

    @Override
    public long ioWriteValue(int element) {
        int at = ioElementOffset(element);
        return at < 0 ? 0 : readLittleEndian(at, page.get(RUN_IO_SIZE));
    }

    private void writeLittleEndian(int offset, int len, long value) {
        for (int i = 0; i < len; i++) page.put(offset + i, (byte) (value >>> (8 * i)));
    }

    @Override
    public Registers getRegisters() {
        ioctl("KVM_GET_REGS", KVM_GET_REGS, regsBuf);
        return KvmStructs.readRegs(regsBuf);
    }

    @Override
    public void setRegisters(Registers regs) {
        KvmStructs.writeRegs(regsBuf, regs);
        ioctl("KVM_SET_REGS", KVM_SET_REGS, regsBuf);
    }

    @Override
    public SpecialRegisters getSpecialRegisters() {
        ioctl("KVM_GET_SREGS", KVM_GET_SREGS, sregsBuf);
        return KvmStructs.readSregs(sregsBuf);
    }

    @Override
    public void setSpecialRegisters(SpecialRegisters sregs) {
        // Read first so interrupt_bitmap keeps KVM's value (no pending interrupt is invented).
        ioctl("KVM_GET_SREGS", KVM_GET_SREGS, sregsBuf);
        KvmStructs.writeSregs(sregsBuf, sregs);
        ioctl("KVM_SET_SREGS", KVM_SET_SREGS, sregsBuf);
    }

    @Override
    public void setCpuid(List<CpuidEntry> entries) {
        ioctl("KVM_SET_CPUID2", KVM_SET_CPUID2, KvmStructs.writeCpuid2(entries));
    }

    @Override
    public void setMsr(int index, long value) {
        Memory m = new Memory(8 + SIZEOF_KVM_MSR_ENTRY);
        m.clear();
        m.setInt(0, 1);
        m.setInt(8, index);
        m.setLong(16, value);
        int set = ioctl("KVM_SET_MSRS", KVM_SET_MSRS, m);
        if (set != 1) {
            throw new HypervisorException("KVM_SET_MSRS", String.format("MSR 0x%x refused", index), "vCPU " + id);
        }
    }

    private int ioctl(String name, long request, Pointer arg) {
        try {
            return LibC.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw KvmErrors.failed(name, e, "vCPU " + id);
        }
    }

    @Override
    public void kick() {
        if (interrupts != null) interrupts.kick(); // ends a halt too
        else forceExit();
    }

    /** Makes KVM_RUN return EINTR now or at its next call; any thread. */
    private synchronized void forceExit() { // synchronized with close(): never touches an unmapped page
        if (closed) return;
        page.put(RUN_IMMEDIATE_EXIT, (byte) 1);
        LibC.tgkill(LibC.getpid(), tid, SIGPIPE);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (interrupts != null) irqChip.detachVcpu(interrupts);
        LibC.munmap(Pointer.nativeValue(run), runSize);
        LibC.close(fd);
    }
}

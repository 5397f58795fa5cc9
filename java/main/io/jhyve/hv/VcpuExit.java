package io.jhyve.hv;

/**
 * Why {@link Vcpu#run()} returned: a small closed set that both backends map their exits into.
 * Reads ({@link PortIo} in, {@link Mmio} read) are answered with {@link Vcpu#completeRead} before
 * the next {@code run()}.
 */
public sealed interface VcpuExit {
    /**
     * An IN or OUT. {@code count} > 1 for string I/O (INS/OUTS with REP), where the backend has
     * gathered the elements: for a write, {@link Vcpu#ioWriteValue(int)} gives element i.
     */
    record PortIo(int port, int size, boolean write, int count) implements VcpuExit { }

    /** A load or store to guest-physical memory that is not RAM. {@code value} is the stored data. */
    record Mmio(long gpa, int size, boolean write, long value) implements VcpuExit { }

    /** HLT with interrupts that only the VMM can deliver (userspace irqchip). */
    record Halt() implements VcpuExit { }

    /** Triple fault or other shutdown condition (SDM Vol. 3 §6.15, "shutdown mode"). */
    record Shutdown() implements VcpuExit { }

    /** The hypervisor reports a system event on the guest's behalf (PSCI-like reset/power-off, crash). */
    record SystemEvent(String kind) implements VcpuExit { }

    /** VM entry failed: the guest state is invalid. {@code reason} is the hardware's code, explained. */
    record EntryFailure(long hardwareReason, String explanation) implements VcpuExit { }

    /** The hypervisor could not handle something, e.g. an instruction its emulator does not know. */
    record InternalError(int suberror, String explanation) implements VcpuExit { }

    /** {@link Vcpu#kick()} (or a signal) interrupted the run; nothing for the guest happened. */
    record Interrupted() implements VcpuExit { }

    /** An exit this VMM does not know; {@code code} is the backend's raw reason. */
    record Unknown(int code, String backend) implements VcpuExit { }
}

package io.jhyve.hv;

import java.util.List;

/**
 * One virtual CPU. All methods except {@link #kick()} must be called on the thread that created the
 * vCPU (HVF requires it; KVM is happier with it).
 */
public interface Vcpu extends AutoCloseable {
    int id();

    /** Enters the guest until the next exit the VMM must handle. */
    VcpuExit run();

    /** Answers the pending read exit (port IN or MMIO read) with {@code value}; for string IN, element i. */
    void completeRead(int element, long value);

    default void completeRead(long value) { completeRead(0, value); }

    /** For a pending port OUT exit: the value of element {@code i} (0 for plain OUT). */
    long ioWriteValue(int element);

    Registers getRegisters();

    void setRegisters(Registers regs);

    SpecialRegisters getSpecialRegisters();

    void setSpecialRegisters(SpecialRegisters sregs);

    /** Sets the CPUID answers the guest sees. */
    void setCpuid(List<CpuidEntry> entries);

    /** Writes model-specific registers, e.g. MSR_IA32_MISC_ENABLE at boot. */
    void setMsr(int index, long value);

    /** Makes a running or about-to-run {@link #run()} return {@link VcpuExit.Interrupted} soon; any thread. */
    void kick();

    @Override
    void close();
}

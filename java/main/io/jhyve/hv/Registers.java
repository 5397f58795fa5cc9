package io.jhyve.hv;

/** The general-purpose registers, RIP and RFLAGS of one vCPU. */
public record Registers(long rax, long rbx, long rcx, long rdx, long rsi, long rdi, long rsp, long rbp,
                        long r8, long r9, long r10, long r11, long r12, long r13, long r14, long r15,
                        long rip, long rflags) {
    /** RFLAGS bit 1 is reserved and always set (SDM Vol. 1 §3.4.3). */
    public static final long RFLAGS_RESERVED = 1L << 1;

    /** All zero but RFLAGS' reserved bit. */
    public static Registers zero() {
        return new Registers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, RFLAGS_RESERVED);
    }

    public Registers withRip(long v) { return new Registers(rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, v, rflags); }
    public Registers withRsi(long v) { return new Registers(rax, rbx, rcx, rdx, v, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags); }
    public Registers withRbx(long v) { return new Registers(rax, v, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags); }
    public Registers withRsp(long v) { return new Registers(rax, rbx, rcx, rdx, rsi, rdi, v, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags); }

    @Override
    public String toString() {
        return String.format("RIP=%016x RFLAGS=%08x%n"
                + "RAX=%016x RBX=%016x RCX=%016x RDX=%016x%n"
                + "RSI=%016x RDI=%016x RSP=%016x RBP=%016x%n"
                + "R8 =%016x R9 =%016x R10=%016x R11=%016x%n"
                + "R12=%016x R13=%016x R14=%016x R15=%016x",
                rip, rflags, rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15);
    }
}

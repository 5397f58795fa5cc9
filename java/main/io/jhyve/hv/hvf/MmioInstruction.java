package io.jhyve.hv.hvf;

/**
 * A decoded instruction that accessed memory-mapped I/O, reduced to what emulating it needs.
 *
 * @param length     instruction length in bytes (the EPT-violation exit does not report it)
 * @param size       bytes accessed in memory: 1, 2, 4 or 8
 * @param kind       what the instruction does with the access
 * @param register   general-purpose register number (ModRM order, 0 RAX .. 15 R15) for
 *                   register forms, -1 for an immediate store
 * @param highByte   the register is AH, CH, DH or BH (byte operand without REX, numbers 4-7)
 * @param immediate  the stored value of {@link Kind#STORE_IMMEDIATE}, already sized
 * @param destSize   bytes written to the destination register by loads (movzx/movsx widen)
 * @param addressSize bytes of the address size: 2, 4 or 8 (the mode's default, or the other under 67)
 */
public record MmioInstruction(int length, int size, Kind kind, int register, boolean highByte, long immediate,
                              int destSize, int addressSize) {
    public enum Kind {
        /** MOV r/m, reg; MOV moffs, rAX. */
        STORE_REGISTER,
        /** STOS without REP: stores rAX at ES:rDI, then rDI moves by the size (down if RFLAGS.DF). */
        STORE_STRING,
        /** MOV r/m, imm. */
        STORE_IMMEDIATE,
        /** MOV reg, r/m; MOV rAX, moffs. */
        LOAD,
        /** MOVZX reg, r/m8 or r/m16. */
        LOAD_ZERO_EXTEND,
        /** MOVSX reg, r/m8 or r/m16. */
        LOAD_SIGN_EXTEND;

        public boolean write() { return this == STORE_REGISTER || this == STORE_STRING || this == STORE_IMMEDIATE; }
    }

    /** The value stored to memory, given the source register's full 64-bit value. */
    public long storedValue(long registerValue) {
        long v = kind == Kind.STORE_IMMEDIATE ? immediate : highByte ? registerValue >>> 8 : registerValue;
        return mask(v, size);
    }

    /**
     * The destination register's new 64-bit value after loading {@code loaded} into it, with x86
     * write rules (SDM Vol. 1 §3.4.1.1): 8- and 16-bit writes keep the other bits, 32-bit writes
     * zero the upper half.
     */
    public long loadedRegister(long oldValue, long loaded) {
        long v = mask(loaded, size);
        if (kind == Kind.LOAD_SIGN_EXTEND) v = (v << (64 - 8 * size)) >> (64 - 8 * size);
        v = mask(v, destSize);
        return switch (destSize) {
            case 1 -> highByte ? (oldValue & ~0xff00L) | v << 8 : (oldValue & ~0xffL) | v;
            case 2 -> (oldValue & ~0xffffL) | v;
            default -> v;
        };
    }

    /** rDI after this STOS from {@code rdi}: moved by the size, down when RFLAGS.DF is set. */
    public long indexAfter(long rdi, boolean down) {
        return addInAddressSize(rdi, down ? -size : size, addressSize);
    }

    /**
     * {@code register + delta} written back as string instructions update rSI, rDI and rCX in
     * address size {@code addressSize} (SDM Vol. 1 §3.3.7): a 16-bit SI, DI or CX wraps within 16 bits
     * and leaves the rest of the register; a 32-bit one is a 32-bit register write, which clears the
     * upper half (§3.4.1.1). KVM's emulator agrees (MmioDifferentialKvmTest).
     */
    static long addInAddressSize(long register, long delta, int addressSize) {
        long v = register + delta;
        return switch (addressSize) {
            case 2 -> (register & ~0xffffL) | (v & 0xffff);
            case 4 -> v & 0xffff_ffffL;
            default -> v;
        };
    }

    static long mask(long v, int bytes) {
        return bytes >= 8 ? v : v & ((1L << (8 * bytes)) - 1);
    }
}

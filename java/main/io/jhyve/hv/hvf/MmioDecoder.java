package io.jhyve.hv.hvf;

/**
 * Decodes the x86 instructions Linux and its drivers use for memory-mapped I/O (readb..readq,
 * writeb..writeq and their relatives compile to these): MOV 88/89/8A/8B, MOV moffs A0-A3, MOV
 * immediate C6/C7, MOVZX 0F B6/B7, MOVSX 0F BE/BF and STOS AA/AB without REP, with prefixes 66,
 * 67, F0, segment overrides and REX (Intel SDM Vol. 2A chapter 2 for the encoding, chapters 3-4 for
 * the instructions). Anything else is refused with a message naming the bytes, so an unsupported
 * driver access stops the machine with a readable report instead of being mis-emulated.
 */
public final class MmioDecoder {
    /** Default operand/address size of the code segment: 16-bit, 32-bit or 64-bit mode. */
    public enum Mode { BITS16, BITS32, BITS64 }

    /** The bytes are not an instruction this decoder emulates. */
    public static final class UnsupportedInstructionException extends RuntimeException {
        public UnsupportedInstructionException(String message) { super(message); }
    }

    private final byte[] code;
    private final Mode mode;
    private int pos;

    private MmioDecoder(byte[] code, Mode mode) {
        this.code = code;
        this.mode = mode;
    }

    public static MmioInstruction decode(byte[] code, Mode mode) {
        return new MmioDecoder(code, mode).decode();
    }

    private int next() {
        if (pos >= code.length || pos >= 15) throw unsupported("instruction runs past the fetched bytes");
        return code[pos++] & 0xff;
    }

    private UnsupportedInstructionException unsupported(String why) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(code.length, 15); i++) hex.append(String.format("%02x ", code[i] & 0xff));
        return new UnsupportedInstructionException("MMIO instruction " + hex.toString().trim() + ": " + why);
    }

    private MmioInstruction decode() {
        boolean opsize16 = false, addr = false;
        int rex = 0;
        int b = next();
        while (true) {
            if (b == 0x66) opsize16 = true;
            else if (b == 0x67) addr = true;
            else if (b == 0xf0 || b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65) { }
            else if (b == 0xf2 || b == 0xf3) throw unsupported("REP/REPNE prefixed string instructions are not emulated");
            else break;
            b = next();
        }
        if (mode == Mode.BITS64 && (b & 0xf0) == 0x40) {
            rex = b;
            b = next();
        }
        boolean w = (rex & 8) != 0;
        int opSize = w ? 8 : mode == Mode.BITS16 ? (opsize16 ? 4 : 2) : (opsize16 ? 2 : 4);
        int addrSize = mode == Mode.BITS64 ? (addr ? 4 : 8) : mode == Mode.BITS32 ? (addr ? 2 : 4) : (addr ? 4 : 2);
        switch (b) {
            case 0x88: return modrm(rex, addrSize, 1, MmioInstruction.Kind.STORE_REGISTER, 1, 0);
            case 0x89: return modrm(rex, addrSize, opSize, MmioInstruction.Kind.STORE_REGISTER, opSize, 0);
            case 0x8a: return modrm(rex, addrSize, 1, MmioInstruction.Kind.LOAD, 1, 0);
            case 0x8b: return modrm(rex, addrSize, opSize, MmioInstruction.Kind.LOAD, opSize, 0);
            case 0xc6: return modrm(rex, addrSize, 1, MmioInstruction.Kind.STORE_IMMEDIATE, 1, 1);
            case 0xc7: return modrm(rex, addrSize, opSize, MmioInstruction.Kind.STORE_IMMEDIATE, opSize, Math.min(opSize, 4));
            case 0xa0: case 0xa1: case 0xa2: case 0xa3: {
                pos += addrSize; // moffs
                if (pos > code.length) throw unsupported("moffs runs past the fetched bytes");
                int size = (b & 1) == 0 ? 1 : opSize;
                MmioInstruction.Kind kind = b >= 0xa2 ? MmioInstruction.Kind.STORE_REGISTER : MmioInstruction.Kind.LOAD;
                return new MmioInstruction(pos, size, kind, 0, false, 0, size, addrSize);
            }
            case 0xaa: case 0xab: {
                int size = b == 0xaa ? 1 : opSize;
                return new MmioInstruction(pos, size, MmioInstruction.Kind.STORE_STRING, 0, false, 0, size, addrSize);
            }
            case 0x0f: {
                int b2 = next();
                MmioInstruction.Kind kind = switch (b2) {
                    case 0xb6, 0xb7 -> MmioInstruction.Kind.LOAD_ZERO_EXTEND;
                    case 0xbe, 0xbf -> MmioInstruction.Kind.LOAD_SIGN_EXTEND;
                    default -> throw unsupported(String.format("opcode 0f %02x is not emulated", b2));
                };
                int src = (b2 & 1) == 0 ? 1 : 2;
                return modrm(rex, addrSize, src, kind, opSize, 0);
            }
            default:
                throw unsupported(String.format("opcode %02x is not emulated", b));
        }
    }

    /**
     * Finishes a ModRM instruction: skips SIB and displacement (the exit gives the address), reads
     * an immediate of {@code immBytes}. {@code size} is the memory operand's size, {@code destSize}
     * the register operand's.
     */
    private MmioInstruction modrm(int rex, int addrSize, int size, MmioInstruction.Kind kind, int destSize, int immBytes) {
        int m = next();
        int mod = m >>> 6, reg = ((m >>> 3) & 7) | ((rex & 4) << 1), rm = m & 7;
        if (mod == 3) throw unsupported("register operand, not a memory access");
        if (addrSize == 2) {
            if (mod == 1) pos += 1;
            else if (mod == 2 || (mod == 0 && rm == 6)) pos += 2;
        } else {
            if (rm == 4) {
                int sib = next();
                if ((sib & 7) == 5 && mod == 0) pos += 4;
            }
            if (mod == 1) pos += 1;
            else if (mod == 2 || (mod == 0 && rm == 5)) pos += 4;
        }
        long imm = 0;
        for (int i = 0; i < immBytes; i++) imm |= (long) next() << (8 * i);
        if (immBytes > 0 && immBytes < size) imm = (imm << (64 - 8 * immBytes)) >> (64 - 8 * immBytes); // imm32 sign-extends
        if (pos > code.length) throw unsupported("displacement runs past the fetched bytes");
        if (kind == MmioInstruction.Kind.STORE_IMMEDIATE) {
            if (((m >>> 3) & 7) != 0) throw unsupported("C6/C7 with reg field " + ((m >>> 3) & 7) + " is not MOV");
            return new MmioInstruction(pos, size, kind, -1, false, MmioInstruction.mask(imm, size), destSize, addrSize);
        }
        boolean high = destSize == 1 && kind != MmioInstruction.Kind.LOAD_ZERO_EXTEND
                && kind != MmioInstruction.Kind.LOAD_SIGN_EXTEND && rex == 0 && reg >= 4 && reg <= 7;
        return new MmioInstruction(pos, size, kind, high ? reg - 4 : reg, high, 0, destSize, addrSize);
    }
}

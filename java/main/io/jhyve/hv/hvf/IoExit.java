package io.jhyve.hv.hvf;

/**
 * The exit qualification of an I/O instruction exit (Intel SDM Vol. 3C §27.2.1, Table 27-5): bits
 * 2:0 size-1, 3 direction (1 = IN), 4 string instruction, 5 REP prefix, 6 operand encoding
 * (1 = immediate port), 31:16 port. For INS/OUTS the VM-exit instruction-information field
 * (Table 27-8) adds the address size (bits 9:7: 0 = 16, 1 = 32, 2 = 64 bit) and, for OUTS, the
 * segment register (bits 17:15, ES CS SS DS FS GS).
 */
public record IoExit(int port, int size, boolean in, boolean string, boolean rep, boolean immediate) {
    public static IoExit decode(long qualification) {
        return new IoExit((int) (qualification >>> 16) & 0xffff, (int) (qualification & 7) + 1,
                (qualification & 8) != 0, (qualification & 16) != 0, (qualification & 32) != 0,
                (qualification & 64) != 0);
    }

    /** Address size in bytes (2, 4, 8) from the instruction-information field. */
    public static int addressSize(long instructionInfo) {
        return switch ((int) (instructionInfo >>> 7) & 7) {
            case 0 -> 2;
            case 1 -> 4;
            default -> 8;
        };
    }

    /** Segment register number (0 ES .. 5 GS) of an OUTS source, from the instruction-information field. */
    public static int segment(long instructionInfo) {
        return (int) (instructionInfo >>> 15) & 7;
    }
}

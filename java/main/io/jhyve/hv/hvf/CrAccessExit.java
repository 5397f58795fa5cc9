package io.jhyve.hv.hvf;

/**
 * The exit qualification of a control-register access (Intel SDM Vol. 3C §27.2.1, Table 27-3):
 * bits 3:0 the control register, 5:4 the access type, 6 LMSW operand type (1 = memory), 11:8 the
 * general-purpose register (ModRM numbering), 31:16 the LMSW source data.
 */
public record CrAccessExit(int cr, Type type, int gpr, int lmswSource) {
    public enum Type { MOV_TO_CR, MOV_FROM_CR, CLTS, LMSW }

    public static CrAccessExit decode(long qualification) {
        return new CrAccessExit((int) qualification & 0xf, Type.values()[(int) (qualification >>> 4) & 3],
                (int) (qualification >>> 8) & 0xf, (int) (qualification >>> 16) & 0xffff);
    }
}

package io.jhyve.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A Generic Address Structure (ACPI 6.4 §5.2.3.2, Table 5.1): where a register lives and how wide it
 * is. jhyve's fixed-hardware registers are all in system I/O space.
 *
 * @param accessSize 0 undefined, 1 byte, 2 word, 3 dword, 4 qword
 */
public record GenericAddress(int addressSpaceId, int bitWidth, int bitOffset, int accessSize, long address) {
    public static final int SIZE = 12;
    /** Address Space ID 1: System I/O. */
    public static final int SYSTEM_IO = 1;
    public static final int ACCESS_BYTE = 1, ACCESS_WORD = 2, ACCESS_DWORD = 3;
    /** The all-zero structure: "register not present". */
    public static final GenericAddress NONE = new GenericAddress(0, 0, 0, 0, 0);

    /** A register of {@code bitWidth} bits at I/O port {@code port}. */
    public static GenericAddress io(int port, int bitWidth, int accessSize) {
        return new GenericAddress(SYSTEM_IO, bitWidth, 0, accessSize, port);
    }

    byte[] bytes() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) addressSpaceId).put((byte) bitWidth).put((byte) bitOffset).put((byte) accessSize)
                .putLong(address).array();
    }
}

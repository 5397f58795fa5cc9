package io.jhyve.memory;

/**
 * An access to guest-physical memory that falls outside guest RAM: past the end of a region, in the
 * 3–4 GiB device hole, or across two regions. Carries the address, the length and the RAM map so a
 * report can say exactly where the access went.
 */
public final class GuestMemoryException extends RuntimeException {
    private final long gpa;
    private final long length;

    public GuestMemoryException(long gpa, long length, String ramMap) {
        super(String.format("guest access of %d byte(s) at gpa 0x%x is outside guest RAM (RAM: %s)",
                length, gpa, ramMap));
        this.gpa = gpa;
        this.length = length;
    }

    public long gpa() { return gpa; }

    public long length() { return length; }
}

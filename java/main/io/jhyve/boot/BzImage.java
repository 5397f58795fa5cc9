package io.jhyve.boot;

import io.jhyve.boot.BootProtocolException.Rule;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bzImage that jhyve can enter through the 64-bit boot protocol (boot.rst, "64-bit Boot
 * Protocol"). Holds the file's bytes (not copied; the caller must not change them) and its decoded
 * {@link SetupHeader}.
 */
public record BzImage(String displayName, SetupHeader header, byte[] image) implements KernelImage {
    /**
     * xloadflags, which is how the kernel declares its 64-bit entry point (XLF_KERNEL_64), arrived
     * in protocol 2.12; an older header cannot tell us startup_64 exists.
     */
    public static final int MIN_PROTOCOL = 0x020c;

    /** Longest version string we show; the kernel's is well under this. */
    private static final int VERSION_STRING_MAX = 256;

    /** Parses {@code image} and enforces what the 64-bit entry needs from a kernel. */
    public static BzImage parse(String displayName, byte[] image) {
        SetupHeader h = SetupHeader.parse(image, displayName);
        String source = displayName == null || displayName.isEmpty() ? null : "bzImage " + displayName;
        if (h.version() < MIN_PROTOCOL) {
            throw new BootProtocolException(Rule.PROTOCOL_VERSION, source, String.format(
                    "kernel protocol %s < %s needed for 64-bit boot", h.versionString(),
                    SetupHeader.versionString(MIN_PROTOCOL)));
        }
        if ((h.loadflags() & SetupHeader.LOADED_HIGH) == 0) {
            throw new BootProtocolException(Rule.LOADED_HIGH, source,
                    "kernel is not loaded-high (loadflags bit LOADED_HIGH clear): zImage is not supported");
        }
        if ((h.xloadflags() & SetupHeader.XLF_KERNEL_64) == 0) {
            throw new BootProtocolException(Rule.KERNEL_64, source, String.format(
                    "kernel does not set XLF_KERNEL_64 (xloadflags 0x%x): it has no 64-bit entry point",
                    h.xloadflags()));
        }
        checkPayload(h, image.length, source);
        return new BzImage(displayName, h, image);
    }

    /** boot.rst "Loading The Rest of The Kernel": the payload follows the setup sectors, syssize long. */
    private static void checkPayload(SetupHeader h, int fileLength, String source) {
        long start = h.payloadFileOffset();
        if (start >= fileLength) {
            throw new BootProtocolException(Rule.TRUNCATED, source, String.format(
                    "truncated kernel: setup_sects %d says the protected-mode payload starts at %d but the file "
                            + "has %d bytes", h.setupSects(), start, fileLength));
        }
        long size = h.syssize() * 16;
        if (size == 0) {
            throw new BootProtocolException(Rule.SYSSIZE, source,
                    "syssize 0 at 0x1f4 declares an empty protected-mode payload");
        }
        // Trailing bytes past syssize are allowed: signing tools append signatures there.
        if (size > fileLength - start) {
            throw new BootProtocolException(Rule.SYSSIZE, source, String.format(
                    "truncated kernel: syssize 0x%x says the protected-mode payload is %d bytes but the file has "
                            + "%d bytes after offset %d", h.syssize(), size, fileLength - start, start));
        }
    }

    @Override
    public String kind() { return "bzImage"; }

    @Override
    public String protocol() { return "Linux boot protocol " + header.versionString(); }

    /** Offset in the file of the protected-mode kernel. */
    public long payloadOffset() { return header.payloadFileOffset(); }

    /** Bytes of protected-mode kernel to load: syssize paragraphs. */
    public long payloadSize() { return header.syssize() * 16; }

    /** The setup header exactly as in the file, from 0x1f1 to its end, for the zero page. */
    public byte[] setupHeaderBytes() {
        return Arrays.copyOfRange(image, SetupHeader.SETUP_SECTS, header.headerEnd());
    }

    /**
     * The string kernel_version points at (boot.rst "kernel_version": file offset pointer + 0x200,
     * inside the setup sectors), or "" if the pointer is 0 or leads outside them.
     */
    @Override
    public String versionString() {
        long at = header.kernelVersion() + 0x200L;
        long setupEnd = Math.min(header.payloadFileOffset(), image.length);
        if (header.kernelVersion() == 0 || at >= setupEnd) return "";
        int end = (int) at;
        while (end < setupEnd && end - at < VERSION_STRING_MAX && image[end] != 0) end++;
        String s = new String(image, (int) at, end - (int) at, StandardCharsets.US_ASCII);
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? s : "";
    }

    @Override
    public String toString() {
        return String.format("BzImage[%s, protocol %s, %d-byte payload]", displayName,
                header.versionString(), payloadSize());
    }
}

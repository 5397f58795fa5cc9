package io.jhyve.inspect;

import io.jhyve.boot.SetupHeader;

import java.util.ArrayList;
import java.util.List;

/**
 * One field of a bzImage's setup header as the report shows it: its name in boot.rst, its file
 * offset, its value and what that value means for a boot loader.
 *
 * @param since   the first protocol version that has the field, e.g. "2.10"
 * @param present false when the kernel's protocol predates the field (it then reads as zero)
 */
public record HeaderField(String name, int offset, String value, String meaning, String since, boolean present) {

    /** The fields of {@code h}, read from {@code image}, that decide how a kernel is loaded, in header order. */
    static List<HeaderField> of(SetupHeader h, byte[] image) {
        int v = h.version();
        List<HeaderField> f = new ArrayList<>();
        f.add(field(h, "version", SetupHeader.VERSION, h.versionString(), "boot protocol " + h.versionString()
                + (v >= 0x020c ? ": has xloadflags, so it can declare a 64-bit entry" : ": older than 2.12, "
                + "so it cannot declare a 64-bit entry"), 0x0200));
        int rawSects = RawHeader.u8(image, SetupHeader.SETUP_SECTS);
        f.add(field(h, "setup_sects", SetupHeader.SETUP_SECTS, Integer.toString(rawSects), String.format(
                "%sreal-mode setup is %d sectors of 512 bytes: protected-mode code starts at file offset %s",
                rawSects == 0 ? "0 is read as 4 (boot.rst): " : "", h.setupSects(), Units.hex(h.payloadFileOffset())),
                0x0200));
        f.add(field(h, "syssize", SetupHeader.SYSSIZE, Units.hex(h.syssize()), String.format(
                "protected-mode code is %d bytes (%s) in 16-byte paragraphs", h.syssize() * 16,
                Units.human(h.syssize() * 16)), 0x0204));
        f.add(field(h, "loadflags", SetupHeader.LOADFLAGS, String.format("0x%02x", h.loadflags()),
                Flags.loadflags(h.loadflags()), 0x0200));
        f.add(field(h, "xloadflags", SetupHeader.XLOADFLAGS, String.format("0x%02x", h.xloadflags()),
                Flags.xloadflags(h.xloadflags()), 0x020c));
        f.add(field(h, "relocatable_kernel", SetupHeader.RELOCATABLE_KERNEL, h.relocatableKernel() ? "1" : "0",
                h.relocatableKernel() ? "relocatable: may be loaded at any kernel_alignment boundary"
                        : "not relocatable: must run at pref_address", 0x0205));
        f.add(field(h, "kernel_alignment", SetupHeader.KERNEL_ALIGNMENT, Units.hex(h.kernelAlignment()),
                Units.human(h.kernelAlignment()) + ": the alignment a relocatable kernel must be loaded at",
                0x0205));
        f.add(field(h, "pref_address", SetupHeader.PREF_ADDRESS, Units.hex(h.prefAddress()),
                "where the kernel prefers to run (" + Units.human(h.prefAddress()) + ")", 0x020a));
        f.add(field(h, "init_size", SetupHeader.INIT_SIZE, Units.hex(h.initSize()), Units.human(h.initSize())
                + " of memory the kernel needs from where it runs, before it reads the memory map", 0x020a));
        f.add(field(h, "cmdline_size", SetupHeader.CMDLINE_SIZE, Long.toString(h.cmdlineSize()),
                "the longest command line it accepts, without the NUL", 0x0206));
        f.add(field(h, "initrd_addr_max", SetupHeader.INITRD_ADDR_MAX, Units.hex(h.initrdAddrMax()),
                "the highest byte the initrd may occupy (" + Units.human(h.initrdAddrMax() + 1) + ")", 0x0203));
        f.add(field(h, "payload_offset", SetupHeader.PAYLOAD_OFFSET, Units.hex(h.payloadOffset()),
                "the compressed kernel starts this far into the protected-mode code", 0x0208));
        f.add(field(h, "payload_length", SetupHeader.PAYLOAD_LENGTH, Long.toString(h.payloadLength()),
                "bytes of compressed kernel (" + Units.human(h.payloadLength()) + ")", 0x0208));
        return f;
    }

    private static HeaderField field(SetupHeader h, String name, int offset, String value, String meaning,
                                     int since) {
        boolean present = h.version() >= since;
        String sinceText = String.format("%d.%02d", since >>> 8, since & 0xff);
        return new HeaderField(name, offset, value, present ? meaning
                : "absent: protocol " + h.versionString() + " < " + sinceText + " (reads as 0)", sinceText, present);
    }
}

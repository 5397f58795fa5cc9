package io.jhyve.boot;

import io.jhyve.boot.BootProtocolException.Rule;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An uncompressed ELF vmlinux entered through the PVH boot ABI (Xen docs/misc/pvh.pandoc), as
 * QEMU's and Firecracker's direct kernel boot do: its PT_LOAD segments go to their physical
 * addresses and the vCPU starts in 32-bit protected mode at the address in the kernel's
 * XEN_ELFNOTE_PHYS32_ENTRY note (Xen public/elfnote.h), which Linux emits with CONFIG_PVH=y.
 *
 * @param entry    guest-physical 32-bit entry point from the note
 * @param segments the PT_LOAD segments to place, in file order
 * @param image    the file's bytes (not copied; the caller must not change them)
 */
public record PvhElfKernel(String displayName, long entry, List<Segment> segments, byte[] image)
        implements KernelImage {
    /** Note type of the 32-bit physical entry point (Xen public/elfnote.h). */
    public static final int XEN_ELFNOTE_PHYS32_ENTRY = 18;
    /** Owner name of Xen's ELF notes. */
    public static final String XEN_NOTE_NAME = "Xen";

    private static final byte[] LINUX_BANNER = "Linux version ".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION_STRING_MAX = 256;

    /** One PT_LOAD segment: {@code fileSize} bytes from {@code fileOffset} go to {@code paddr}, zero-filled to {@code memSize}. */
    public record Segment(long fileOffset, long paddr, long fileSize, long memSize) {
        public long end() { return paddr + memSize; }
    }

    public PvhElfKernel {
        segments = List.copyOf(segments);
    }

    /** Parses {@code image}, which must be an ELF64 x86-64 file with PT_LOAD segments and a PVH note. */
    public static PvhElfKernel parse(String displayName, byte[] image) {
        ElfFile elf = ElfFile.parse(image, displayName);
        List<Segment> segments = elf.loadSegments();
        if (segments.isEmpty()) throw elf.error("ELF vmlinux has no PT_LOAD segment to load");
        byte[] desc = elf.findNote(XEN_NOTE_NAME, XEN_ELFNOTE_PHYS32_ENTRY);
        if (desc == null) {
            throw new BootProtocolException(Rule.PVH_NOTE, displayName, "ELF vmlinux has no PVH entry note "
                    + "(XEN_ELFNOTE_PHYS32_ENTRY); build with CONFIG_PVH=y or use the bzImage");
        }
        // Linux writes the entry as a 32-bit value; accept a 64-bit one as well, as long as it fits.
        ByteBuffer d = ByteBuffer.wrap(desc).order(ByteOrder.LITTLE_ENDIAN);
        long entry = desc.length == 4 ? d.getInt(0) & 0xffff_ffffL : desc.length == 8 ? d.getLong(0) : -1;
        if (entry < 0 || entry > 0xffff_ffffL) {
            throw new BootProtocolException(Rule.PVH_NOTE, displayName, String.format(
                    "PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY) has a %d-byte descriptor; a 32-bit physical "
                            + "address is required", desc.length));
        }
        return new PvhElfKernel(displayName, entry, segments, image);
    }

    @Override
    public String kind() { return "ELF vmlinux (PVH)"; }

    @Override
    public String protocol() { return "PVH (hvm_start_info v" + HvmStartInfo.VERSION + ")"; }

    /** Lowest physical address any segment occupies. */
    public long loadAddress() {
        return segments.stream().mapToLong(Segment::paddr).min().orElseThrow();
    }

    /** One past the highest physical address any segment occupies (including its zero-filled tail). */
    public long loadEnd() {
        return segments.stream().mapToLong(Segment::end).max().orElseThrow();
    }

    /** The "Linux version ..." banner compiled into the kernel's data, up to its newline, or "". */
    @Override
    public String versionString() {
        int at = (int) ElfFile.indexOfIn(image, LINUX_BANNER);
        if (at < 0) return "";
        int end = at;
        while (end < image.length && end - at < VERSION_STRING_MAX && image[end] != 0 && image[end] != '\n') end++;
        return new String(image, at, end - at, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return String.format("PvhElfKernel[%s, entry 0x%x, %d segments]", displayName, entry, segments.size());
    }
}

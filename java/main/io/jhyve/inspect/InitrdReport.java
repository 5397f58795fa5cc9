package io.jhyve.inspect;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an initrd file holds, read the way the kernel's initramfs unpacker reads it: a sequence of
 * cpio archives, each either plain or compressed, with zero padding between them (Debian's
 * initrds start with an uncompressed early-microcode archive followed by a compressed main one).
 * A compressed stream is taken to run to the end of the file: it is the last part in every
 * initrd the distributions build.
 *
 * @param format      one line: e.g. "cpio newc + zstd (cpio newc)", or "not an initramfs: ..."
 * @param isInitramfs whether the file starts with a cpio archive or a compressed one
 * @param parts       each archive or compressed stream, in file order
 * @param unpacked    bytes of files the archives hold (what the kernel copies into its tmpfs)
 * @param initPath    the program the kernel will start: rdinit= or /init
 * @param init        that entry ("regular file, mode 0755, 1234 bytes", "symlink to ..."), or null if absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InitrdReport(String file, long size, String format, boolean isInitramfs, List<Part> parts,
                           int entries, long unpacked, String initPath, String init, List<String> warnings) {
    public InitrdReport {
        parts = List.copyOf(parts);
        warnings = List.copyOf(warnings);
    }

    /** Above this an initrd's unpacked content is taken to be a crafted file. */
    static final long UNPACK_LIMIT = 1L << 30;

    /**
     * One archive or compressed stream.
     *
     * @param compression the stream's format, or null for a plain archive
     * @param archives    the cpio formats found, e.g. ["newc"]
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Part(long offset, String compression, List<String> archives, int entries, Long decompressedSize,
                       String error) {
        String describe() {
            String cpio = archives.isEmpty() ? "no cpio" : "cpio " + String.join(" + ", archives);
            return compression == null ? cpio : compression + " (" + cpio + ")";
        }
    }

    /** The first compression format whose magic starts the file, if any: for CONFIG_RD_* checks. */
    static Optional<PayloadCompression> compression(byte[] data) {
        // After any plain archives (an early-microcode one), where the kernel would start decompressing.
        return PayloadCompression.detect(data, Cpio.walk(data, 0).end());
    }

    /** Reads {@code data}; {@code initPath} is the program the command line asks for (rdinit=, else /init). */
    static InitrdReport inspect(String name, byte[] data, String initPath) {
        List<Part> parts = new ArrayList<>();
        List<Cpio.Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Cpio.Walk plain = Cpio.walk(data, 0);
        if (!plain.formats().isEmpty()) {
            parts.add(new Part(0, null, plain.formats(), plain.entries().size(), null, plain.error()));
            entries.addAll(plain.entries());
        }
        int pos = plain.end();
        if (plain.error() == null && pos < data.length) {
            Optional<PayloadCompression> c = PayloadCompression.detect(data, pos);
            if (c.isPresent()) {
                parts.add(compressedPart(data, pos, c.get(), entries));
            } else if (parts.isEmpty()) {
                return notInitramfs(name, data, initPath);
            } else {
                warnings.add(String.format("unrecognised data at offset %d: the kernel stops unpacking there", pos));
            }
        }
        return summarise(name, data.length, parts, entries, initPath, warnings);
    }

    private static Part compressedPart(byte[] data, int pos, PayloadCompression c, List<Cpio.Entry> entries) {
        byte[] inner;
        try {
            inner = Decompressor.decompress(c, data, pos, data.length - pos, UNPACK_LIMIT);
        } catch (IOException e) {
            return new Part(pos, c.label(), List.of(), 0, null, e.getMessage());
        }
        Cpio.Walk w = Cpio.walk(inner, 0);
        entries.addAll(w.entries());
        String error = w.error() != null ? w.error()
                : w.end() < inner.length ? String.format("data after the last archive at offset %d", w.end()) : null;
        return new Part(pos, c.label(), w.formats(), w.entries().size(), (long) inner.length, error);
    }

    private static InitrdReport summarise(String name, long size, List<Part> parts, List<Cpio.Entry> entries,
                                          String initPath, List<String> warnings) {
        String format = String.join(" + ", parts.stream().map(Part::describe).toArray(String[]::new));
        long unpacked = entries.stream().mapToLong(Cpio.Entry::size).sum();
        // Later archives overwrite earlier ones, as the kernel's unpacker does.
        Cpio.Entry init = null;
        for (Cpio.Entry e : entries) {
            if (e.path().equals(initPath)) init = e;
        }
        parts.stream().filter(p -> p.error() != null)
                .forEach(p -> warnings.add(String.format("part at offset %d: %s", p.offset(), p.error())));
        if (init == null) {
            warnings.add("no " + initPath + " in the archives: the kernel will not run an initramfs init and falls "
                    + "back to mounting root=");
        } else if (!init.isRegular() && !init.isSymlink()) {
            warnings.add(initPath + " is not a file or symlink (mode " + Integer.toOctalString(init.mode()) + ")");
        } else if (init.isRegular() && (init.mode() & 0111) == 0) {
            warnings.add(initPath + " is not executable (mode " + Integer.toOctalString(init.mode() & 07777) + ")");
        }
        return new InitrdReport(name, size, format, true, parts, entries.size(), unpacked, initPath,
                init == null ? null : describe(init), warnings);
    }

    private static String describe(Cpio.Entry e) {
        if (e.isSymlink()) return "symlink to " + e.linkTarget();
        return String.format("%s, mode %04o, %d bytes", e.isRegular() ? "regular file" : "special file",
                e.mode() & 07777, e.size());
    }

    /** A file that is no initramfs; names the image types people pass by mistake. */
    private static InitrdReport notInitramfs(String name, byte[] data, String initPath) {
        String what = "unrecognised content";
        if (data.length > 1081 && (data[1080] & 0xff) == 0x53 && (data[1081] & 0xff) == 0xef) {
            what = "an ext2/3/4 file system image (a disk, or an old-style initrd for root=/dev/ram0)";
        } else if (data.length >= 4 && data[0] == 'h' && data[1] == 's' && data[2] == 'q' && data[3] == 's') {
            what = "a squashfs image";
        } else if (KernelFacts.isElf(data) || (data.length > 0x206 && RawHeader.u32(data, 0x202) == 0x53726448)) {
            what = "a kernel, not an initrd";
        }
        return new InitrdReport(name, data.length, "not an initramfs at all: " + what, false, List.of(), 0, 0,
                initPath, null, List.of("the kernel cannot unpack this as an initramfs: no cpio archive and no "
                + "compressed stream at offset 0"));
    }
}

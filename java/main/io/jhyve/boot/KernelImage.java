package io.jhyve.boot;

/**
 * A Linux x86_64 kernel jhyve knows how to start: a bzImage entered through the 64-bit boot
 * protocol, or an uncompressed ELF vmlinux entered through its PVH note. {@link #parse} only reads
 * and checks the bytes; placing the kernel in memory is {@link LinuxBoot}'s job.
 */
public sealed interface KernelImage permits BzImage, PvhElfKernel {
    /** What the user called the file, for messages; may be empty. */
    String displayName();

    /** "bzImage" or "ELF vmlinux (PVH)". */
    String kind();

    /** The boot protocol in use, e.g. "Linux boot protocol 2.15" or "PVH (hvm_start_info v1)". */
    String protocol();

    /** The kernel's own version banner, or "" if the image does not carry one we can find. */
    String versionString();

    /**
     * Recognises the format by its magic (ELF's "\x7fELF", else a bzImage setup header) and parses
     * it; throws {@link BootProtocolException} naming {@code displayName} if it cannot be booted.
     */
    static KernelImage parse(String displayName, byte[] bytes) {
        if (ElfFile.hasElfMagic(bytes)) return PvhElfKernel.parse(displayName, bytes);
        return BzImage.parse(displayName, bytes);
    }
}

package io.jhyve.inspect;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What inspect learned about a kernel file.
 *
 * @param kind          "bzImage", "ELF vmlinux" or "unknown"
 * @param formatError   why the file is not a bzImage or ELF jhyve can read, or null
 * @param header        the setup-header fields (empty for an ELF)
 * @param version       the version string kernel_version points at, or the "Linux version" banner
 * @param payload       the compressed kernel inside a bzImage, or null
 * @param vmlinuxIsElf  whether the decompressed kernel (or the file itself) is an ELF
 * @param pvhNote       whether that ELF carries the PVH entry note (null when there is no ELF)
 * @param config        "embedded (N options)", "none: no IKCFG_ST marker", or why it could not be read
 * @param drivers       the options jhyve's machine needs, and what is known of each
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KernelReport(String file, long fileSize, String kind, String formatError, List<HeaderField> header,
                           String version, Payload payload, boolean vmlinuxIsElf, Boolean pvhNote, String config,
                           List<DriverSupport> drivers) {
    public KernelReport {
        header = List.copyOf(header);
        drivers = List.copyOf(drivers);
    }
}

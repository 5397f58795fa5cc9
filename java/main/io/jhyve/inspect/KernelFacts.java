package io.jhyve.inspect;

import io.jhyve.boot.BootProtocolException;
import io.jhyve.boot.BzImage;
import io.jhyve.boot.KernelImage;
import io.jhyve.boot.PvhElfKernel;
import io.jhyve.boot.SetupHeader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A kernel file read for inspection: its bytes, its setup header when it has one, the vmlinux
 * inside it when that could be decompressed, and the {@link KernelReport} built from them. Unlike
 * {@link KernelImage#parse}, nothing here refuses a kernel: every finding goes into the report and
 * the launcher rules decide.
 */
final class KernelFacts {
    private static final byte[] LINUX_BANNER = "Linux version ".getBytes(StandardCharsets.US_ASCII);

    final String name;
    final byte[] image;
    /** Null when the file has no readable setup header (an ELF, or not a kernel). */
    final SetupHeader header;
    final Optional<byte[]> vmlinux;
    final KernelReport report;

    private KernelFacts(String name, byte[] image, SetupHeader header, Optional<byte[]> vmlinux, KernelReport report) {
        this.name = name;
        this.image = image;
        this.header = header;
        this.vmlinux = vmlinux;
        this.report = report;
    }

    boolean isElf() { return isElf(image); }

    /**
     * A header that is only damaged (its boot flag or "HdrS" is wrong, the rest is there) is still
     * shown field by field, so the user sees what else it says; anything else shows no fields.
     */
    private static List<HeaderField> damagedFields(BootProtocolException e, byte[] image) {
        if (e.rule() != BootProtocolException.Rule.BOOT_FLAG && e.rule() != BootProtocolException.Rule.HDRS_MAGIC) {
            return List.of();
        }
        try {
            return HeaderField.of(SetupHeader.readDamaged(image), image);
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    /** Reads {@code image}; {@code initrdFormat} adds the CONFIG_RD_* option that initrd needs. */
    static KernelFacts read(String name, byte[] image, Optional<PayloadCompression> initrdFormat) {
        if (isElf(image)) {
            Optional<byte[]> vmlinux = Optional.of(image);
            return new KernelFacts(name, image, null, vmlinux, report(name, image, "ELF vmlinux", null, List.of(),
                    banner(image), null, vmlinux, initrdFormat));
        }
        SetupHeader h;
        try {
            h = SetupHeader.parse(image, "");
        } catch (BootProtocolException e) {
            return new KernelFacts(name, image, null, Optional.empty(), report(name, image, "unknown", e.getMessage(),
                    damagedFields(e, image), "", null, Optional.empty(), initrdFormat));
        }
        Payload.Extracted p = Payload.extract(h, image);
        String version = new BzImage(name, h, image).versionString();
        if (version.isEmpty()) version = p.vmlinux().map(KernelFacts::banner).orElse("");
        return new KernelFacts(name, image, h, p.vmlinux(), report(name, image, "bzImage", null, HeaderField.of(h, image),
                version, p.payload(), p.vmlinux(), initrdFormat));
    }

    private static KernelReport report(String name, byte[] image, String kind, String formatError,
                                       List<HeaderField> header, String version, Payload payload,
                                       Optional<byte[]> vmlinux, Optional<PayloadCompression> initrdFormat) {
        boolean elf = vmlinux.map(KernelFacts::isElf).orElse(false);
        Boolean pvh = elf ? hasPvhNote(vmlinux.get()) : null;
        Optional<KernelConfig> config = Optional.empty();
        String configText;
        if (vmlinux.isEmpty()) {
            configText = "unknown: the kernel could not be decompressed";
        } else {
            try {
                config = KernelConfig.extract(vmlinux.get());
                configText = config.map(c -> "embedded (CONFIG_IKCONFIG), " + c.size() + " options")
                        .orElse("none: no IKCFG_ST marker (built without CONFIG_IKCONFIG)");
            } catch (IOException e) {
                configText = "unreadable: " + e.getMessage();
            }
        }
        List<DriverSupport> drivers = DriverSupport.judge(vmlinux, config, Optional.ofNullable(pvh), initrdFormat);
        return new KernelReport(name, image.length, kind, formatError, header, version, payload, elf, pvh,
                configText, drivers);
    }

    /** Whether the ELF carries XEN_ELFNOTE_PHYS32_ENTRY, judged by jhyve's own PVH parser. */
    private static boolean hasPvhNote(byte[] elf) {
        try {
            PvhElfKernel.parse("", elf);
            return true;
        } catch (BootProtocolException e) {
            return false;
        }
    }

    /** "6.1.0-56-amd64 (debian-kernel@...) ..." from the "Linux version " banner, or "". */
    static String banner(byte[] image) {
        int at = ByteSearch.indexOf(image, LINUX_BANNER, 0);
        if (at < 0) return "";
        int from = at + LINUX_BANNER.length, end = from;
        while (end < image.length && end - from < 256 && image[end] >= 0x20 && image[end] < 0x7f) end++;
        return new String(image, from, end - from, StandardCharsets.US_ASCII);
    }

    static boolean isElf(byte[] b) {
        return b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }
}

package io.jhyve.inspect;

import io.jhyve.JhyveException;
import io.jhyve.boot.SetupHeader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a kernel, and optionally an initrd, and builds the {@link InspectReport} for a machine
 * with the given RAM and command line. Nothing here refuses a kernel: a kernel jhyve cannot boot
 * still gets a full report, with jhyve's verdict naming the rule it breaks.
 */
public final class Inspector {
    private Inspector() { }

    /**
     * Inspects files. A missing or unreadable file, a directory, or a kernel file that carries no
     * sign of being a kernel at all (see {@link #notAKernel}) is a {@link JhyveException} naming
     * it; a damaged or unsupported kernel still gets its report.
     */
    public static InspectReport inspect(Path kernel, Path initrd, String cmdline, long ramBytes) {
        byte[] kernelBytes = read(kernel, "kernel");
        String why = notAKernel(kernelBytes);
        if (why != null) throw new JhyveException("kernel " + kernel + ": not a Linux kernel: " + why);
        byte[] initrdBytes = initrd == null ? null : read(initrd, "initrd");
        return inspect(kernel.toString(), kernelBytes, initrd == null ? null : initrd.toString(), initrdBytes,
                cmdline, ramBytes);
    }

    /**
     * Why {@code image} is no kernel at all, or null when it has at least one mark of one: the ELF
     * magic, or the boot flag 0xAA55 or "HdrS" of a bzImage (boot.rst). A kernel with just one of
     * the two bzImage marks is a damaged kernel, which the report explains rule by rule.
     */
    static String notAKernel(byte[] image) {
        if (KernelFacts.isElf(image)) return null;
        if (RawHeader.u16(image, SetupHeader.BOOT_FLAG) == SetupHeader.BOOT_FLAG_MAGIC) return null;
        if (RawHeader.u32(image, SetupHeader.HEADER) == SetupHeader.HDRS_MAGIC) return null;
        return image.length == 0 ? "the file is empty" : "neither an ELF vmlinux (no \\x7fELF at 0) nor a bzImage "
                + "(no boot flag 0xAA55 at 0x1fe, no \"HdrS\" at 0x202)";
    }

    /** Inspects bytes in memory; {@code initrd} may be null. */
    public static InspectReport inspect(String kernelName, byte[] kernel, String initrdName, byte[] initrd,
                                        String cmdline, long ramBytes) {
        Optional<PayloadCompression> initrdFormat = initrd == null ? Optional.empty() : InitrdReport.compression(initrd);
        KernelFacts k = KernelFacts.read(kernelName, kernel, initrdFormat);
        InitrdReport ir = initrd == null ? null : InitrdReport.inspect(initrdName, initrd, initPath(cmdline));
        long initrdSize = initrd == null ? 0 : initrd.length;
        List<LauncherVerdict> launchers = List.of(
                JhyveRules.judge(k, ramBytes, initrdSize, initrdName, cmdline),
                XhyveKexecRules.judge(k, ramBytes, initrdSize, cmdline),
                VirtualizationFrameworkRules.judge(k),
                FirecrackerRules.judge(k, ramBytes));
        return new InspectReport(k.report, ir, MemoryFit.of(ramBytes, k, ir),
                CmdlineReport.check(cmdline, ramBytes, initrd != null, k.report.drivers()), launchers);
    }

    /** The program the kernel runs from an initramfs: the last rdinit=, else /init. */
    static String initPath(String cmdline) {
        String path = "/init";
        for (String p : CmdlineReport.params(cmdline)) {
            if (p.startsWith("rdinit=")) path = p.substring("rdinit=".length());
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    private static byte[] read(Path file, String what) {
        if (Files.isDirectory(file)) throw new JhyveException(what + " " + file + ": is a directory, not a file");
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new JhyveException(what + " " + file + ": no such file");
        } catch (IOException e) {
            throw new JhyveException(what + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }
}

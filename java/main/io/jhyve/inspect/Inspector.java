package io.jhyve.inspect;

import io.jhyve.JhyveException;

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

    /** Inspects files; a missing or unreadable file is a {@link JhyveException} naming it. */
    public static InspectReport inspect(Path kernel, Path initrd, String cmdline, long ramBytes) {
        byte[] initrdBytes = initrd == null ? null : read(initrd, "initrd");
        return inspect(kernel.toString(), read(kernel, "kernel"), initrd == null ? null : initrd.toString(),
                initrdBytes, cmdline, ramBytes);
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
                CmdlineReport.check(cmdline, ramBytes, initrd != null), launchers);
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
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new JhyveException(what + " " + file + ": no such file");
        } catch (IOException e) {
            throw new JhyveException(what + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }
}

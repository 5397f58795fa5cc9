package io.jhyve.boot;

import java.util.Optional;

/**
 * What a boot will do, or did: the kernel and where every piece goes. Produced by
 * {@link LinuxBoot#plan} without touching guest memory, so {@code --dry-run} can print it.
 *
 * @param pvh            true for the PVH entry (32-bit, hvm_start_info in EBX), false for the
 *                       bzImage 64-bit entry (zero page in RSI)
 * @param bootParams     guest-physical address of the zero page (bzImage) or hvm_start_info (PVH)
 * @param entry          where the vCPU starts executing
 */
public record BootSummary(String kernelName, String kind, String protocol, String kernelVersion, boolean pvh,
                          KernelPlacement kernel, long entry, long bootParams, long cmdlineAddress,
                          CommandLine cmdline, Optional<InitrdPlacement> initrd, E820Map e820) {

    /** A multi-line report for people. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        line(sb, "kernel", String.format("%s %s (%s)", kind, kernelName, protocol));
        line(sb, "version", kernelVersion.isEmpty() ? "(not recorded in the image)" : kernelVersion);
        String runtime = kernel.runtimeStart() == kernel.loadAddress() ? ""
                : String.format(", runs from 0x%x", kernel.runtimeStart());
        line(sb, "load", String.format("0x%x, %s%s; reserved up to 0x%x", kernel.loadAddress(),
                Sizes.human(kernel.loadSize()), runtime, kernel.end()));
        line(sb, "entry", pvh()
                ? String.format("0x%x, 32-bit protected mode, EBX = hvm_start_info at 0x%x", entry, bootParams)
                : String.format("0x%x, 64-bit startup_64, RSI = zero page at 0x%x", entry, bootParams));
        line(sb, "cmdline", String.format("0x%x, %d bytes: \"%s\"", cmdlineAddress, cmdline.length(), cmdline.text()));
        line(sb, "initrd", initrd.map(i -> String.format("%s at 0x%x, %s", i.name(), i.address(), Sizes.human(i.size())))
                .orElse("none"));
        line(sb, "memory map", "");
        for (E820Map.Entry e : e820.entries()) sb.append("  ").append(e).append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("%-11s %s", label + ":", value).stripTrailing()).append('\n');
    }
}

package io.jhyve.vmm;

import io.jhyve.diag.GuestLocation;
import io.jhyve.diag.VcpuSnapshot;
import io.jhyve.vmm.EndReason.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one closing line of a run: what happened, where the vCPU was, the most likely cause and what
 * to try, and the exit status, which is distinct per kind of end (see {@link Kind}). A silent run
 * whose vCPU sits after a HLT with interrupts off is reported as {@link Kind#HALTED}: nothing will
 * ever wake it.
 */
public record Verdict(Kind kind, String line, int exitStatus) {
    private static final String PANIC_NO_ROOT = "VFS: Unable to mount root fs";

    public static Verdict of(RunFacts f) {
        EndReason end = f.end();
        Kind kind = end.kind() == Kind.SILENT && f.halted() ? Kind.HALTED : end.kind();
        int status = kind == end.kind() ? end.exitStatus() : kind.exitStatus();
        List<String> parts = new ArrayList<>();
        parts.add(what(kind, f));
        Optional<String> panic = f.log().panic();
        boolean guestDied = kind != Kind.POWER_OFF && kind != Kind.USER_QUIT;
        if (guestDied && panic.isPresent()) {
            parts.add("the kernel log recovered from guest RAM says \"" + panic.get() + "\"");
            if (panic.get().contains(PANIC_NO_ROOT)) {
                parts.add("give the kernel a root filesystem: an initrd (-i) or a root= device");
            }
        } else if (guestDied) {
            cause(kind, f).ifPresent(parts::add);
        }
        return new Verdict(kind, "jhyve: " + String.join("; ", parts) + " (exit status " + status + ")", status);
    }

    private static String where(RunFacts f) {
        return f.cpu().map(c -> " " + GuestLocation.of(c, f.console().userspaceStarted()).words()).orElse("");
    }

    private static String what(Kind kind, RunFacts f) {
        Optional<VcpuSnapshot> cpu = f.cpu();
        return switch (kind) {
            case TRIPLE_FAULT -> cpu.filter(VcpuSnapshot::isResetState).isPresent()
                    ? "guest triple-faulted; where is unknown: the hypervisor had already reset vCPU 0 (KVM on AMD "
                    + "does on shutdown)" + (f.console().bytes() > 0 ? ", after \"" + f.console().lastLine() + "\"" : "")
                    : "guest triple-faulted" + where(f) + cpu.map(c -> " at " + c.controlRegisters()).orElse("");
            case SILENT -> "guest silent: no console output for " + f.silentSeconds() + " s, vCPU 0" + where(f)
                    + cpu.map(c -> String.format(" at RIP 0x%x", c.regs().rip())).orElse("");
            case HALTED -> "guest halted with interrupts off" + where(f)
                    + cpu.map(c -> String.format(" at RIP 0x%x", c.regs().rip())).orElse("")
                    + ", silent for " + f.silentSeconds() + " s";
            case INTERNAL_ERROR, VMM_ERROR -> f.end().message() + where(f);
            default -> f.end().message();
        };
    }

    /** The most likely cause and what to try, when the kernel log had no panic to quote. */
    private static Optional<String> cause(Kind kind, RunFacts f) {
        return Optional.ofNullable(switch (kind) {
            case TRIPLE_FAULT -> tripleFaultCause(f);
            case SILENT -> silenceCause(f);
            case HALTED -> "the guest stopped itself for good (cli; hlt), as a kernel does after a fatal early "
                    + "error; try --debug-boot to see its early messages";
            case ENTRY_FAILURE -> "jhyve gave the vCPU a state the hardware rejects: a jhyve bug, "
                    + "please report it with the register dump above";
            case INTERNAL_ERROR -> "the hypervisor could not emulate an instruction, common under nested "
                    + "virtualisation (see docs/test-machines.md)";
            case GUEST_RESET -> f.console().bytes() == 0 ? "it rebooted before printing anything: "
                    + "often an early panic with panic=N; try --debug-boot" : null;
            case SIGNAL -> f.console().bytes() == 0 ? "the guest had printed nothing; " + noOutputCause(f) : null;
            default -> null;
        });
    }

    private static String tripleFaultCause(RunFacts f) {
        if (f.cpu().isEmpty() || f.cpu().get().isResetState()) {
            return "likely cause: a fault the guest could not handle, in boot code or a kernel without working "
                    + "exception handlers; try --debug-boot for earlyprintk output";
        }
        GuestLocation at = GuestLocation.of(f.cpu().get(), f.console().userspaceStarted());
        return switch (at) {
            case REAL_MODE, BOOT_32, DECOMPRESSOR -> "likely cause: the boot code or decompressor crashed (a "
                    + "damaged image, too little RAM for the kernel, or a CPU feature it needs); try -m 512 or --debug-boot";
            case EARLY_KERNEL -> "likely cause: the kernel faulted before its exception handlers were up, "
                    + "often on a CPU feature it assumed; try --debug-boot for earlyprintk output";
            case KERNEL -> "likely cause: a fault while the kernel handled a fault; see the kernel log above";
            case USERSPACE -> "likely cause: the kernel could not deliver an exception to a user program";
        };
    }

    private static String silenceCause(RunFacts f) {
        if (f.console().bytes() > 0) {
            return "the guest went quiet after \"" + f.console().lastLine() + "\"; if it is waiting for input, "
                    + "raise --silence";
        }
        return noOutputCause(f);
    }

    private static String noOutputCause(RunFacts f) {
        String cmdline = " " + f.cmdline() + " ";
        if (cmdline.contains(" console=hvc")) {
            return "likely cause: console=hvc0 but this machine has no virtio console; try console=ttyS0";
        }
        if (!cmdline.contains(" console=ttyS0") && !cmdline.contains(" earlyprintk=")) {
            return "likely cause: no console=ttyS0 on the kernel command line, so the kernel writes nowhere "
                    + "jhyve shows; try -a \"console=ttyS0\"";
        }
        if (!f.log().isEmpty()) {
            return "the kernel ran (its log in RAM has " + f.log().records().size()
                    + " records) but printed nothing on ttyS0; try --debug-boot";
        }
        return "likely cause: the kernel is stuck before its log started (in the decompressor or very early); "
                + "try --debug-boot";
    }
}

package io.jhyve.inspect;

import io.jhyve.inspect.CmdlineReport.Finding;
import io.jhyve.inspect.LauncherVerdict.Check;

import java.util.List;

/** Renders an {@link InspectReport} for people: one section per subject, names aligned, each value with its meaning. */
final class TextReport {
    private static final String NAME = "  %-20s ";

    private final StringBuilder out = new StringBuilder();

    private TextReport() { }

    static String render(InspectReport r) {
        TextReport t = new TextReport();
        t.kernel(r.kernel());
        if (r.initrd() != null) t.initrd(r.initrd());
        t.memory(r.memory());
        t.cmdline(r.cmdline());
        t.launchers(r.launchers());
        return t.out.toString();
    }

    private void kernel(KernelReport k) {
        section("Kernel " + k.file() + " (" + Units.human(k.fileSize()) + ", " + k.kind() + ")");
        if (k.formatError() != null) row("format", k.formatError());
        if (!k.version().isEmpty()) row("version", k.version());
        if (!k.header().isEmpty()) {
            section("Setup header (Documentation/arch/x86/boot.rst)");
            for (HeaderField f : k.header()) row(f.name(), String.format("%-10s %s", f.value(), f.meaning()));
        }
        Payload p = k.payload();
        if (p != null) {
            section("Payload");
            row("compression", String.format("%-10s %s bytes at file offset %s", p.compression(), p.length(),
                    Units.hex(p.fileOffset())));
            if (p.decompressedSize() != null) {
                row("decompressed", String.format("%-10s the size trailer says %s", Units.human(p.decompressedSize()),
                        Units.human(p.sizeFromTrailer())));
            }
            if (p.error() != null) row("not decompressed", p.error());
        }
        if (k.vmlinuxIsElf()) {
            row("vmlinux", "ELF" + (Boolean.TRUE.equals(k.pvhNote()) ? ", with the PVH entry note (CONFIG_PVH)"
                    : ", without a PVH entry note"));
        }
        row("embedded config", k.config());
        drivers(k.drivers());
    }

    private void drivers(List<DriverSupport> drivers) {
        DriverSupport.Basis common = drivers.get(0).basis();
        section("Drivers jhyve's machine needs (" + common.label() + ")");
        if (common == DriverSupport.Basis.STRINGS) {
            out.append(String.format("  No embedded config, so each answer comes from a string only the built-in driver "
                    + "leaves in the image:%n  found means built in (unless other code uses the same string); not found "
                    + "means a module or not configured,%n  which strings cannot tell apart. /boot/config-VERSION from "
                    + "the same package says for sure.%n"));
        }
        for (DriverSupport d : drivers) {
            String basis = d.basis() == common ? "" : " [" + d.basis().label() + "]";
            out.append(String.format("  %-35s %-39s %s%s%n", d.symbol(), d.status().meaning(), d.neededFor(), basis));
        }
    }

    private void initrd(InitrdReport i) {
        section("Initrd " + i.file() + " (" + Units.human(i.size()) + ")");
        row("format", i.format());
        for (InitrdReport.Part p : i.parts()) {
            String size = p.decompressedSize() == null ? "" : ", " + Units.human(p.decompressedSize()) + " decompressed";
            row("at offset " + p.offset(), p.describe() + ", " + p.entries() + " entries" + size);
        }
        if (i.isInitramfs()) {
            row("files", i.entries() + " entries, " + Units.human(i.unpacked()) + " unpacked");
            row(i.initPath(), i.init() == null ? "absent" : i.init());
        }
        for (String w : i.warnings()) row("warning", w);
    }

    private void memory(MemoryFit m) {
        section("Memory");
        row("RAM (-m)", Units.human(m.ram()));
        if (m.initSize() != null) row("kernel init_size", Units.human(m.initSize()));
        if (m.initrdSize() != null) {
            row("initrd", Units.human(m.initrdSize()) + " + " + Units.human(m.unpacked()) + " unpacked into tmpfs");
        }
        if (m.initrdAddrMax() != null) row("initrd_addr_max", Units.hex(m.initrdAddrMax()));
        for (String w : m.warnings()) row("warning", w);
    }

    private void cmdline(CmdlineReport c) {
        section("Command line: " + c.cmdline());
        for (Finding f : c.findings()) {
            out.append(String.format("  %-7s %-28s %s%n", f.level(), f.parameter(), f.message()));
        }
        if (!c.unchecked().isEmpty()) row("not checked", String.join(" ", c.unchecked()));
    }

    private void launchers(List<LauncherVerdict> launchers) {
        section("Launchers");
        for (LauncherVerdict v : launchers) {
            Check failed = v.checks().stream().filter(c -> !c.holds()).findFirst().orElse(null);
            out.append(String.format("  %-32s %s%s%n", v.launcher(), v.verdict().text().toUpperCase(),
                    failed == null ? "" : " by the rule \"" + failed.rule() + "\""));
            out.append(String.format("  %-32s   rules %s, from %s%n", "", v.checks().get(0).basis().label(),
                    v.reference()));
            for (Check c : v.checks()) {
                out.append(String.format("  %-32s   %-4s %s: %s%n", "", c.holds() ? "ok" : "FAIL", c.rule(), c.detail()));
            }
        }
    }

    private void section(String title) {
        if (out.length() > 0) out.append(System.lineSeparator());
        out.append(title).append(System.lineSeparator());
    }

    private void row(String name, String value) {
        out.append(String.format(NAME + "%s%n", name, value));
    }
}

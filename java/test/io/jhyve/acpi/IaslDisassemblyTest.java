package io.jhyve.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.jhyve.testkit.KvmRequirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated tables pass ACPICA's own disassembler ({@code iasl -d}, Debian package
 * acpica-tools) without errors or warnings. Without iasl the test is skipped, unless
 * JHYVE_REQUIRE_KVM=1 (CI), where iasl must be installed. The RSDP is left out: it has no common
 * table header, and iasl only disassembles it from an acpidump, not from a binary file; its
 * checksums are checked in {@code AcpiTablesTest}.
 */
class IaslDisassemblyTest {
    @TempDir
    Path dir;

    @Test
    void everyTableDisassemblesCleanly() throws Exception {
        String iasl = findIasl();
        AcpiTables acpi = AcpiTables.build(0xe0000, 4, List.of(
                new AcpiMmioDevice(AcpiMmioDevice.VIRTIO_MMIO_HID, 0, 0xd000_0000L, 0x200, 5),
                new AcpiMmioDevice(AcpiMmioDevice.VIRTIO_MMIO_HID, 1, 0xd000_0200L, 0x200, 6)));
        for (Map.Entry<String, byte[]> t : acpi.tables().entrySet()) {
            if (t.getKey().equals(Rsdp.SIGNATURE)) continue;
            String name = t.getKey().toLowerCase();
            Path dat = dir.resolve(name + ".dat");
            Files.write(dat, t.getValue());
            Process p = new ProcessBuilder(iasl, "-d", dat.toString()).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) fail("iasl -d " + name + " timed out");
            assertEquals(0, p.exitValue(), "iasl -d " + name + ":\n" + out);
            String dsl = Files.readString(dir.resolve(name + ".dsl"), StandardCharsets.ISO_8859_1);
            for (String text : List.of(out, dsl)) {
                assertFalse(text.matches("(?s).*\\b(Error|Warning|Invalid|Incorrect)\\b.*"),
                        "iasl -d " + name + " complains:\n" + out + "\n" + dsl);
            }
        }
    }

    private static String findIasl() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "iasl");
            if (Files.isExecutable(p)) return p.toString();
        }
        String why = "iasl not found on PATH (install Debian's acpica-tools)";
        if (KvmRequirement.required()) fail("JHYVE_REQUIRE_KVM=1 but " + why);
        Assumptions.abort("skipped: " + why);
        return null;
    }
}

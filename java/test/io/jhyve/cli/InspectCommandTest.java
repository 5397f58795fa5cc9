package io.jhyve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhyve.boot.SyntheticBzImage;
import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.RealKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jhyve inspect} as a user runs it: exit statuses, one-line errors, and the JSON form. */
class InspectCommandTest {
    /** scripts/jhyve's heap: inspect must fit in it with a distribution kernel. */
    private static final String LAUNCHER_HEAP = "-Xmx128m";

    @TempDir
    Path dir;

    private static JhyveProcess.Result jhyve(String... args) throws Exception {
        return new JhyveProcess(args).jvmOption(LAUNCHER_HEAP).run();
    }

    private static void assertOneLineError(String expected, JhyveProcess.Result r) {
        assertEquals(2, r.exitStatus(), r.transcript());
        assertEquals("", r.stdout(), r.transcript());
        assertEquals(expected + System.lineSeparator(), r.stderr(), r.transcript());
    }

    @Test
    void missingFile() throws Exception {
        Path k = dir.resolve("nope");
        assertOneLineError("jhyve: kernel " + k + ": no such file", jhyve("inspect", k.toString()));
    }

    @Test
    void directory() throws Exception {
        assertOneLineError("jhyve: kernel " + dir + ": is a directory, not a file", jhyve("inspect", dir.toString()));
    }

    @Test
    void notAKernel() throws Exception {
        Path k = Files.writeString(dir.resolve("notes.txt"), "hello world ".repeat(100));
        assertOneLineError("jhyve: kernel " + k + ": not a Linux kernel: neither an ELF vmlinux (no \\x7fELF at 0) nor "
                + "a bzImage (no boot flag 0xAA55 at 0x1fe, no \"HdrS\" at 0x202)", jhyve("inspect", k.toString()));
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertOneLineError("jhyve: kernel " + empty + ": not a Linux kernel: the file is empty",
                jhyve("inspect", empty.toString()));
    }

    @Test
    void missingInitrd() throws Exception {
        Path k = Files.write(dir.resolve("bzImage"), new SyntheticBzImage().build());
        Path i = dir.resolve("initrd.img");
        assertOneLineError("jhyve: initrd " + i + ": no such file", jhyve("inspect", k.toString(), "-i", i.toString()));
    }

    @Test
    void aKernelJhyveRefusesIsReportedThenExits2WithTheRule() throws Exception {
        SyntheticBzImage old = new SyntheticBzImage();
        old.version = 0x0204;
        Path k = Files.write(dir.resolve("old"), old.build());
        JhyveProcess.Result r = jhyve("inspect", k.toString());
        assertEquals(2, r.exitStatus(), r.transcript());
        assertTrue(r.stdout().contains("Launchers"), r.transcript());
        assertEquals("jhyve: cannot boot " + k + ": kernel format (KernelImage.parse): PROTOCOL_VERSION: bzImage " + k
                + ": kernel protocol 2.04 < 2.12 needed for 64-bit boot" + System.lineSeparator(), r.stderr());
    }

    @Test
    void jsonIsValid() throws Exception {
        Path k = Files.write(dir.resolve("bzImage"), new SyntheticBzImage().build());
        JhyveProcess.Result r = jhyve("inspect", k.toString(), "--json", "-a", "console=hvc0");
        assertEquals(0, r.exitStatus(), r.transcript());
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertEquals("bzImage", json.at("/kernel/kind").asText());
        assertEquals("2.15", json.at("/kernel/header/0/value").asText());
        assertEquals(4, json.at("/launchers").size());
        assertTrue(json.at("/jhyveBoots").asBoolean());
        assertEquals("WARNING", json.at("/cmdline/findings/0/level").asText());
    }

    @Test
    void theRealKernelWithItsInitramfs() throws Exception {
        Path k = RealKernel.vmlinuz(), i = RealKernel.initramfs();
        JhyveProcess.Result text = jhyve("inspect", k.toString(), "-i", i.toString(), "-a", "console=hvc0");
        assertEquals(0, text.exitStatus(), text.transcript());
        assertTrue(text.stdout().contains("  compression          xz "), text.stdout());
        assertTrue(text.stdout().contains("  /init                regular file, mode 0755"), text.stdout());
        assertTrue(text.stdout().contains("you will see nothing after the early boot"), text.stdout());

        JhyveProcess.Result r = jhyve("inspect", k.toString(), "-i", i.toString(), "-a", "console=hvc0", "--json");
        assertEquals(0, r.exitStatus(), r.transcript());
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertEquals(Files.readString(RealKernel.DIR.resolve("kernel-version")).strip(),
                json.at("/kernel/version").asText().split(" ")[0]);
        assertTrue(json.at("/kernel/payload/intact").asBoolean(), r.stdout());
        assertEquals("gzip (cpio newc)", json.at("/initrd/format").asText());
        assertEquals("BOOTS", json.at("/launchers/0/verdict").asText());
    }
}

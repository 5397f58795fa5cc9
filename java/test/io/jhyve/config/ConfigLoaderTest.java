package io.jhyve.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.arch.x86.CpuidFeature;
import io.jhyve.hv.IrqChip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;
    Path kernel;

    @BeforeEach
    void makeKernel() throws IOException {
        kernel = Files.write(dir.resolve("vmlinuz"), new byte[] {1});
        Files.write(dir.resolve("initrd.gz"), new byte[] {1});
    }

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("vm.json"), json);
    }

    private String error(String json) throws IOException {
        Path f = config(json);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(f, null)).getMessage();
    }

    @Test
    void fullConfigResolvesPathsAgainstTheConfigDirectory() throws IOException {
        MachineConfig mc = ConfigLoader.load(config("""
                {"kernel": "vmlinuz", "initrd": "initrd.gz", "cmdline": "console=ttyS0 quiet",
                 "cpus": 2, "memoryMiB": 512, "serial": "file:out.log", "debugExit": true}"""), null);
        assertEquals(kernel, mc.kernel());
        assertEquals(dir.resolve("initrd.gz"), mc.initrd().orElseThrow());
        assertEquals("console=ttyS0 quiet", mc.cmdline());
        assertEquals(2, mc.cpus());
        assertEquals(512, mc.memoryMiB());
        assertEquals(new SerialConfig.File(dir.resolve("out.log")), mc.serial());
        assertTrue(mc.debugExit());
    }

    @Test
    void defaults() throws IOException {
        MachineConfig mc = ConfigLoader.load(config("{\"kernel\": \"vmlinuz\"}"), null);
        assertEquals(1, mc.cpus());
        assertEquals(256, mc.memoryMiB());
        assertEquals("console=ttyS0", mc.cmdline());
        assertEquals(new SerialConfig.Stdio(), mc.serial());
        assertTrue(mc.initrd().isEmpty());
        assertEquals(MachineConfig.OnReboot.EXIT, mc.onReboot());
        assertEquals(10, mc.stopGraceSeconds());
        assertEquals(IrqChip.KERNEL, mc.irqChip());
    }

    @Test
    void irqchipUserspaceAndABadValueNamed() throws IOException {
        assertEquals(IrqChip.USERSPACE, ConfigLoader.load(config("{\"kernel\": \"vmlinuz\", \"irqchip\": \"userspace\"}"),
                null).irqChip());
        assertEquals(dir.resolve("vm.json") + ": key \"irqchip\": value \"user\" is not \"kernel\", \"userspace\" or \"userspace-pic\"",
                error("{\"kernel\": \"vmlinuz\", \"irqchip\": \"user\"}"));
        assertEquals(dir.resolve("vm.json") + ": key \"cpus\": value 2 needs local APICs, which irqchip"
                + " \"userspace-pic\" has not (one CPU only)",
                error("{\"kernel\": \"vmlinuz\", \"irqchip\": \"userspace-pic\", \"cpus\": 2}"));
    }

    @Test
    void onRebootAndStopGrace() throws IOException {
        MachineConfig mc = ConfigLoader.load(config(
                "{\"kernel\": \"vmlinuz\", \"onReboot\": \"restart\", \"stopGraceSeconds\": 0}"), null);
        assertEquals(MachineConfig.OnReboot.RESTART, mc.onReboot());
        assertEquals(0, mc.stopGraceSeconds());
    }

    @Test
    void badOnRebootAndStopGraceAreNamed() throws IOException {
        String f = dir.resolve("vm.json").toString();
        assertEquals(f + ": key \"onReboot\": value \"halt\" is not \"restart\" or \"exit\"",
                error("{\"kernel\": \"vmlinuz\", \"onReboot\": \"halt\"}"));
        assertEquals(f + ": key \"stopGraceSeconds\": value -1 is out of range (0 to 3600 seconds)",
                error("{\"kernel\": \"vmlinuz\", \"stopGraceSeconds\": -1}"));
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        MachineConfig mc = ConfigLoader.load(config("{\"kernel\": \"vmlinuz\", \"cpus\": 2}"),
                new RawConfig(null, null, "quiet", 4, 1024L, "none", null, null));
        assertEquals(4, mc.cpus());
        assertEquals(1024, mc.memoryMiB());
        assertEquals("quiet", mc.cmdline());
        assertEquals(new SerialConfig.None(), mc.serial());
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        String f = dir.resolve("vm.json").toString();
        assertEquals(f + ": key \"memory\": unknown key (known keys: kernel, initrd, cmdline, cpus, memoryMiB, "
                + "serial, debugExit, cpuidHide, onReboot, stopGraceSeconds, disks, console, rng, net, irqchip)", error("{\"kernel\": \"vmlinuz\", \"memory\": 512}"));
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        String f = dir.resolve("vm.json").toString();
        assertEquals(f + ": key \"cpus\": wrong type: expected a whole number",
                error("{\"kernel\": \"vmlinuz\", \"cpus\": \"two\"}"));
    }

    @Test
    void outOfRangeValuesAreNamed() throws IOException {
        String f = dir.resolve("vm.json").toString();
        assertEquals(f + ": key \"cpus\": value 0 is out of range (1 to 255)",
                error("{\"kernel\": \"vmlinuz\", \"cpus\": 0}"));
        assertEquals(f + ": key \"memoryMiB\": value 8 is out of range (16 to 1048576 MiB)",
                error("{\"kernel\": \"vmlinuz\", \"memoryMiB\": 8}"));
    }

    @Test
    void missingKernelFileIsNamed() throws IOException {
        String f = dir.resolve("vm.json").toString();
        assertEquals(f + ": key \"kernel\": file " + dir.resolve("nope") + " does not exist "
                + "(the demo guest comes from scripts/fetch-guest)", error("{\"kernel\": \"nope\"}"));
        assertEquals(f + ": key \"kernel\": is required: the path of a bzImage or an ELF vmlinux", error("{}"));
    }

    @Test
    void badSerialIsNamed() throws IOException {
        String f = dir.resolve("vm.json").toString();
        assertEquals(f + ": key \"serial\": value \"tty\" is not a serial console: use \"stdio\", \"pty\", "
                + "\"file:PATH\" or \"none\"", error("{\"kernel\": \"vmlinuz\", \"serial\": \"tty\"}"));
    }

    @Test
    void cpuidHideNamesLinuxFlags() throws IOException {
        MachineConfig mc = ConfigLoader.load(config("{\"kernel\": \"vmlinuz\", \"cpuidHide\": [\"xsave\", \"cx16\"]}"), null);
        assertEquals(List.of(CpuidFeature.XSAVE, CpuidFeature.CX16), List.copyOf(mc.cpuidHide()));
        assertEquals("xsave,cx16", mc.cpuidHideNames());
        assertTrue(ConfigLoader.load(config("{\"kernel\": \"vmlinuz\"}"), null).cpuidHide().isEmpty());
    }

    @Test
    void unknownOrRepeatedCpuidFlagIsNamed() throws IOException {
        String f = dir.resolve("vm.json").toString();
        assertEquals(f + ": key \"cpuidHide\": unknown CPUID feature \"sse9\" (known: " + CpuidFeature.knownFlagNames()
                + ")", error("{\"kernel\": \"vmlinuz\", \"cpuidHide\": [\"sse9\"]}"));
        assertEquals(f + ": key \"cpuidHide\": CPUID feature \"cx16\" is named twice",
                error("{\"kernel\": \"vmlinuz\", \"cpuidHide\": [\"cx16\", \"CX16\"]}"));
        assertEquals(f + ": key \"cpuidHide\": wrong type: expected a JSON array of strings",
                error("{\"kernel\": \"vmlinuz\", \"cpuidHide\": \"cx16\"}"));
    }

    @Test
    void syntaxErrorsSayWhere() throws IOException {
        String msg = error("{\"kernel\": \"vmlinuz\",, }");
        assertTrue(msg.contains("not valid JSON at line 1, column"), msg);
        assertTrue(error("[1, 2]").contains("expected a JSON object"), "array top level");
    }

    @Test
    void tildeIsTheHomeDirectory() {
        assertEquals(Path.of(System.getProperty("user.home"), ".cache/jhyve/guest/vmlinuz"),
                ConfigLoader.resolve("~/.cache/jhyve/guest/vmlinuz", dir));
        assertEquals(dir.resolve("a/b"), ConfigLoader.resolve("a/./b", dir));
    }

    @Test
    void aMissingFileInTheCacheNamesTheScriptThatMakesIt() throws IOException {
        Path f = dir.resolve("vm.json");
        Path home = Path.of(System.getProperty("user.home"));
        assertEquals(f + ": key \"kernel\": file " + home.resolve(".cache/jhyve/debian/absent-vmlinuz")
                + " does not exist (scripts/make-rootfs makes it)",
                error("{\"kernel\": \"~/.cache/jhyve/debian/absent-vmlinuz\"}"));
        assertEquals(f + ": key \"disks[0].path\": file " + home.resolve(".cache/jhyve/debian/absent.ext4")
                + " does not exist (scripts/make-rootfs makes it)",
                error("{\"kernel\": \"vmlinuz\", \"disks\": [{\"path\": \"~/.cache/jhyve/debian/absent.ext4\"}]}"));
    }

    /** configs/debian.json (issue 6): Debian's kernel, initrd and disk from scripts/make-rootfs's cache. */
    @Test
    void theDebianConfigBootsTheCachedSystemFromItsDisk() {
        RawConfig raw = ConfigJson.read(Path.of("configs", "debian.json"));
        assertEquals("~/.cache/jhyve/debian/vmlinuz", raw.kernel());
        assertEquals("~/.cache/jhyve/debian/initrd.img", raw.initrd());
        assertEquals("~/.cache/jhyve/debian/rootfs.ext4", raw.disks().get(0).path());
        assertTrue((" " + raw.cmdline() + " ").contains(" root=/dev/vda "), raw.cmdline());
        assertTrue((" " + raw.cmdline() + " ").contains(" console=ttyS0 "), raw.cmdline());
    }

    @Test
    void missingConfigFile() {
        Path f = dir.resolve("absent.json");
        assertEquals(f + ": config file does not exist",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(f, null)).getMessage());
    }
}

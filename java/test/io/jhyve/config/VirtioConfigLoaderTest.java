package io.jhyve.config;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The virtio keys of a machine config: disks, console, rng. */
class VirtioConfigLoaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.write(dir.resolve("vmlinuz"), new byte[] {1});
        Files.write(dir.resolve("root.img"), new byte[512]);
        Files.write(dir.resolve("data.img"), new byte[512]);
    }

    private MachineConfig load(String json) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("vm.json"), json), null);
    }

    private String error(String json) throws IOException {
        Path f = Files.writeString(dir.resolve("vm.json"), json);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(f, null)).getMessage();
    }

    @Test
    void disksInOrderWithReadOnlyAndSerial() throws IOException {
        MachineConfig mc = load("""
                {"kernel": "vmlinuz", "disks": [{"path": "root.img"},
                 {"path": "data.img", "readOnly": true, "serial": "data-1"}], "console": "virtio", "rng": true}""");
        assertEquals(List.of(new DiskConfig(dir.resolve("root.img"), false, Optional.empty()),
                new DiskConfig(dir.resolve("data.img"), true, Optional.of("data-1"))), mc.virtio().disks());
        assertTrue(mc.virtio().console());
        assertTrue(mc.virtio().rng());
    }

    @Test
    void noVirtioDevicesByDefault() throws IOException {
        assertEquals(VirtioConfig.NONE, load("{\"kernel\": \"vmlinuz\"}").virtio());
        assertEquals(VirtioConfig.NONE, load("{\"kernel\": \"vmlinuz\", \"console\": \"uart\"}").virtio());
    }

    @Test
    void aMissingImageIsNamed() throws IOException {
        assertEquals(dir.resolve("vm.json") + ": key \"disks[1].path\": file " + dir.resolve("nope.img")
                + " does not exist", error("{\"kernel\": \"vmlinuz\", \"disks\": [{\"path\": \"root.img\"}, {\"path\": \"nope.img\"}]}"));
    }

    @Test
    void aDiskNeedsAPath() throws IOException {
        assertEquals(dir.resolve("vm.json") + ": key \"disks[0].path\": is required: the path of a raw disk image",
                error("{\"kernel\": \"vmlinuz\", \"disks\": [{\"readOnly\": true}]}"));
    }

    @Test
    void aSerialLongerThanTwentyCharactersIsRefused() throws IOException {
        assertEquals(dir.resolve("vm.json") + ": key \"disks[0].serial\": value \"123456789012345678901\" must be at "
                + "most 20 printable ASCII characters",
                error("{\"kernel\": \"vmlinuz\", \"disks\": [{\"path\": \"root.img\", \"serial\": \"123456789012345678901\"}]}"));
    }

    @Test
    void anUnknownConsoleIsRefused() throws IOException {
        assertEquals(dir.resolve("vm.json") + ": key \"console\": value \"hvc\" is not a console device: use \"uart\" "
                + "(COM1) or \"virtio\" (hvc0)", error("{\"kernel\": \"vmlinuz\", \"console\": \"hvc\"}"));
    }

    @Test
    void anUnknownDiskKeyIsRefused() throws IOException {
        assertTrue(error("{\"kernel\": \"vmlinuz\", \"disks\": [{\"path\": \"root.img\", \"ro\": true}]}")
                .endsWith("key \"ro\": unknown key (known keys: path, readOnly, serial)"));
    }

    @Test
    void netCardsWithDefaultAndGivenMacs() throws IOException {
        MachineConfig mc = load("{\"kernel\": \"vmlinuz\", \"net\": [{\"tap\": \"jhyve0\"}, "
                + "{\"tap\": \"jhyve1\", \"mac\": \"52:54:00:AB:cd:01\"}]}");
        assertEquals(List.of(new NetConfig("jhyve0", new byte[] {2, 0x6a, 0x68, 0x79, 0x76, 0}),
                new NetConfig("jhyve1", new byte[] {0x52, 0x54, 0, (byte) 0xab, (byte) 0xcd, 1})), mc.virtio().nets());
        assertEquals("net tap jhyve0 mac 02:6a:68:79:76:00, net tap jhyve1 mac 52:54:00:ab:cd:01", mc.virtio().toString());
    }

    @Test
    void aMulticastOrMalformedMacIsRefused() throws IOException {
        assertEquals(dir.resolve("vm.json") + ": key \"net[0].mac\": value \"01:00:5e:00:00:01\" is not a unicast MAC "
                + "address like 02:6a:68:79:76:00",
                error("{\"kernel\": \"vmlinuz\", \"net\": [{\"tap\": \"t\", \"mac\": \"01:00:5e:00:00:01\"}]}"));
        assertTrue(error("{\"kernel\": \"vmlinuz\", \"net\": [{\"tap\": \"t\", \"mac\": \"52:54:00\"}]}")
                .endsWith("is not a unicast MAC address like 02:6a:68:79:76:00"));
    }

    @Test
    void aNetCardNeedsATapName() throws IOException {
        assertEquals(dir.resolve("vm.json") + ": key \"net[0].tap\": is required: a tap interface name of 1 to 15 "
                + "characters", error("{\"kernel\": \"vmlinuz\", \"net\": [{\"mac\": \"02:00:00:00:00:01\"}]}"));
    }
}

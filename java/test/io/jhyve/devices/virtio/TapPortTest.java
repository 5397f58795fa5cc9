package io.jhyve.devices.virtio;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real tap, moved into a private network namespace right after it is created so the host's own
 * network is never touched; frames go both ways through AF_PACKET sockets in that namespace
 * (python3). Needs root, /dev/net/tun, ip and python3; skipped otherwise.
 */
class TapPortTest {
    /** IEEE 802 "local experimental" EtherType: nothing else in the namespace sends it. */
    private static final String ETHERTYPE = "88b5";
    private final String ns = "jhyve-tap-" + ProcessHandle.current().pid();
    private final String ifname = "jhvt" + ProcessHandle.current().pid() % 100000;
    private TapPort tap;

    private static int sh(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @BeforeEach
    void namespace() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/dev/net/tun")), "needs /dev/net/tun");
        assumeTrue(sh(List.of("ip", "netns", "add", ns)) == 0, "needs root and ip netns");
        tap = TapPort.open(ifname);
        assertEquals(0, sh(List.of("ip", "link", "set", ifname, "netns", ns)));
        assertEquals(0, sh(List.of("ip", "-n", ns, "link", "set", ifname, "up")));
        assumeTrue(sh(List.of("python3", "-c", "pass")) == 0, "needs python3");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (tap != null) tap.close();
        sh(List.of("ip", "netns", "del", ns));
    }

    private static String frameHex(String payload) {
        return "ffffffffffff" + "525400123456" + ETHERTYPE + HexFormat.of().formatHex(payload.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void framesGoBothWays() throws Exception {
        String in = frameHex("from-the-namespace");
        assertEquals(0, sh(List.of("ip", "netns", "exec", ns, "python3", "-c",
                "import socket,sys; s=socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind(('" + ifname
                        + "', 0)); s.send(bytes.fromhex('" + in + "'))")));
        byte[] got = null;
        for (int i = 0; i < 50 && got == null; i++) {
            byte[] f = tap.receive(100);
            if (f != null && HexFormat.of().formatHex(f).startsWith(in.substring(0, 28))) got = f;
        }
        assertNotNull(got, "the namespace's frame came out of the tap");
        assertEquals(in, HexFormat.of().formatHex(got).substring(0, in.length()));

        Process listener = new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c",
                "import socket; s=socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x" + ETHERTYPE + "));"
                        + " s.bind(('" + ifname + "', 0)); s.settimeout(30); print('ready', flush=True);"
                        + " print(s.recv(2048).hex(), flush=True)")
                .redirectErrorStream(true).start();
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(listener.getInputStream(), StandardCharsets.US_ASCII));
        assertEquals("ready", lines.readLine(), "the listener could not bind");
        String out = frameHex("from-jhyve");
        byte[] frame = HexFormat.of().parseHex(out);
        tap.send(frame, 0, frame.length);
        String line = lines.readLine();
        listener.destroy();
        assertNotNull(line, "the listener in the namespace got nothing");
        assertTrue(line.startsWith(out), line);
    }

    @Test
    void aBadNameIsRefused() {
        io.jhyve.JhyveException e = assertThrows(io.jhyve.JhyveException.class, () -> TapPort.open("x".repeat(16)));
        assertEquals("tap interface name \"xxxxxxxxxxxxxxxx\" must be 1 to 15 characters", e.getMessage());
    }
}

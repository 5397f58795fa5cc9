package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import io.jhyve.testkit.NetNamespace;
import io.jhyve.testkit.TestKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jhyve's virtio devices as a real Linux uses them through its own drivers (issue 6): the test
 * kernel's console is hvc0 (virtio-console, as under Virtualization.framework), a line typed on
 * jhyve's stdin reaches the guest's shell, /dev/hwrng is virtio-rng and yields incompressible
 * bytes, and eth0 (virtio-net on a tap in a private network namespace) pings the host side and
 * moves a 1 MiB file each way over TCP (HTTP GET, and POST in base64; busybox wget against a
 * python3 server). The guest's steps are in scripts/fetch-guest, mode jhyve.test=virtio.
 */
@KvmTest
class TestKernelVirtioTest {
    private static final int FILE_BYTES = 1 << 20;

    /**
     * Serves GET /file from the directory in argv[1]; answers POST /upload (the file in base64, as
     * busybox wget cannot post binary) with the decoded body's size and hash, also logged to
     * uploads.log there.
     */
    private static final String HTTP_SERVER = String.join("\n",
            "import base64, hashlib, http.server, sys",
            "root = sys.argv[1]",
            "class H(http.server.BaseHTTPRequestHandler):",
            "    def do_GET(self):",
            "        body = open(root + '/file', 'rb').read()",
            "        self.send_response(200); self.send_header('Content-Length', str(len(body))); self.end_headers()",
            "        self.wfile.write(body)",
            "    def do_POST(self):",
            "        body = base64.b64decode(self.rfile.read(int(self.headers['Content-Length'])))",
            "        text = 'jhyve-host: received %d bytes sha256 %s\\n' % (len(body), hashlib.sha256(body).hexdigest())",
            "        with open(root + '/uploads.log', 'a') as log: log.write(text)",
            "        self.send_response(200); self.send_header('Content-Length', str(len(text))); self.end_headers()",
            "        self.wfile.write(text.encode())",
            "http.server.HTTPServer(('10.0.2.2', 8000), H).serve_forever()",
            "");

    @BeforeEach
    void needsKvmAndTheKernel() {
        KvmRequirement.assumeKvm();
        TestKernel.assumeAvailable();
    }

    @Test
    void linuxUsesHvc0HwrngAndTheNetwork(@TempDir Path dir) throws Exception {
        byte[] file = new byte[FILE_BYTES];
        new Random(6).nextBytes(file);
        Files.write(dir.resolve("file"), file);
        Path server = Files.writeString(dir.resolve("server.py"), HTTP_SERVER);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));

        try (NetNamespace ns = NetNamespace.create("10.0.2.2/24")) {
            Process http = ns.start("python3", "-u", server.toString(), dir.toString());
            try {
                JhyveProcess.Result r = new JhyveProcess("run", "-k", TestKernel.bzImage().toString(),
                        "-i", TestKernel.initramfs().toString(), "-m", "256", "--console", "virtio", "--rng",
                        "--net", "tap:" + NetNamespace.TAP, "-a", "console=hvc0 panic=-1 jhyve.test=virtio")
                        .wrappedIn(ns.wrapper())
                        .inputAfter("jhyve-guest: type a line", "typed on the host\n")
                        .timeout(Duration.ofMinutes(5)).run();
                String out = r.stdout();
                assertTrue(out.contains(TestKernel.MARKER), r.transcript());
                assertTrue(out.contains("jhyve-guest: console hvc0"), r.transcript());
                assertTrue(out.contains("jhyve-guest: read 'typed on the host'"), r.transcript());

                Matcher rng = Pattern.compile("jhyve-guest: hwrng virtio_rng\\.0 4096 bytes, (\\d+) gzipped").matcher(out);
                assertTrue(rng.find(), r.transcript());
                // Random bytes do not compress; a device that returned zeros would shrink to a few dozen.
                assertTrue(Integer.parseInt(rng.group(1)) > 4000, r.transcript());

                assertTrue(out.contains("jhyve-guest: eth0 02:6a:68:79:76:00"), r.transcript());
                assertTrue(out.contains("3 packets transmitted, 3 packets received"), r.transcript());
                assertTrue(out.contains("jhyve-guest: fetched " + FILE_BYTES + " bytes sha256 " + sha256), r.transcript());
                String received = "jhyve-host: received " + FILE_BYTES + " bytes sha256 " + sha256;
                assertTrue(out.contains(received), r.transcript()); // the server's answer, printed by the guest
                assertEquals(received + "\n", Files.readString(dir.resolve("uploads.log")));

                assertTrue(r.stderr().contains("jhyve: guest powered off: ACPI S5 soft-off"), r.transcript());
                assertEquals(0, r.exitStatus(), r.transcript());
            } finally {
                http.destroy();
            }
        }
    }
}

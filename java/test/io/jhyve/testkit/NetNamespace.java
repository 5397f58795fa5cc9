package io.jhyve.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A private network namespace holding one tap device ({@link #TAP}), the host side of a guest's
 * virtio-net card: jhyve runs inside it ({@link #wrapper()}), and so do the test's listeners
 * ({@link #start(String...)}), so nothing reaches the machine's real network. Closing deletes the
 * namespace and with it the tap.
 *
 * <p>Needs root, iproute2 and /dev/net/tun. Where they are missing the test skips, unless
 * JHYVE_REQUIRE_KVM=1 (CI), where a missing piece fails it.
 */
public final class NetNamespace implements AutoCloseable {
    /** The tap's name inside the namespace; pass {@code --net tap:jhyve0} to jhyve. */
    public static final String TAP = "jhyve0";

    private final String name;

    private NetNamespace(String name) {
        this.name = name;
    }

    /**
     * Creates the namespace with {@link #TAP} up; {@code hostAddress} (CIDR, e.g. 10.0.2.2/24) is
     * given to the tap when not null, making the namespace the guest's peer on that subnet.
     */
    public static NetNamespace create(String hostAddress) throws IOException, InterruptedException {
        String name = "jhyve-net-" + ProcessHandle.current().pid();
        need(Files.isWritable(Path.of("/dev/net/tun")), "/dev/net/tun is not writable");
        sh(false, "ip", "netns", "del", name); // left over from a killed run of this pid: start clean
        need(sh(true, "ip", "netns", "add", name) == 0, "`ip netns add` failed (needs root and iproute2)");
        NetNamespace ns = new NetNamespace(name);
        try {
            ns.ip("tuntap", "add", "dev", TAP, "mode", "tap");
            ns.ip("link", "set", "lo", "up");
            if (hostAddress != null) ns.ip("addr", "add", hostAddress, "dev", TAP);
            ns.ip("link", "set", TAP, "up");
        } catch (IOException | InterruptedException | AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The command prefix that runs a program inside the namespace (for JhyveProcess.wrappedIn). */
    public String[] wrapper() {
        return new String[] {"ip", "netns", "exec", name};
    }

    /** Starts {@code command} inside the namespace, stderr merged into stdout. */
    public Process start(String... command) throws IOException {
        List<String> all = new ArrayList<>(List.of(wrapper()));
        all.addAll(List.of(command));
        return new ProcessBuilder(all).redirectErrorStream(true).start();
    }

    private void ip(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ip", "-n", name));
        all.addAll(List.of(args));
        int status = sh(true, all.toArray(String[]::new));
        Assertions.assertEquals(0, status, String.join(" ", all) + " failed");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        sh(true, "ip", "netns", "del", name);
    }

    private static void need(boolean ok, String what) {
        if (ok) return;
        String message = "a network namespace with a tap is needed: " + what;
        if (KvmRequirement.required()) Assertions.fail("JHYVE_REQUIRE_KVM=1 but " + message);
        System.err.println("skipped: " + message);
        Assumptions.abort("skipped: " + message);
    }

    /** Runs {@code cmd}; with {@code report}, a failure's output goes to stderr. */
    private static int sh(boolean report, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0 && report) System.err.println(String.join(" ", cmd) + ": " + out.strip());
        return status;
    }
}

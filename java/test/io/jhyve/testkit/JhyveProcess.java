package io.jhyve.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs jhyve as a child process exactly as a user would (same main class, same exit statuses), with
 * the test class path, and captures stdout (the guest console) and stderr (jhyve's own lines).
 */
public final class JhyveProcess {
    /** What a finished run left behind. */
    public record Result(int exitStatus, String stdout, String stderr) {
        /** The console and jhyve's lines together, for assertion messages. */
        public String transcript() {
            return "exit status " + exitStatus + "\n--- guest console (stdout) ---\n" + stdout
                    + "\n--- jhyve (stderr) ---\n" + stderr;
        }
    }

    private final List<String> command = new ArrayList<>();
    private byte[] stdin = new byte[0];
    private String stdinAfter;
    /**
     * A guard against hangs, not a speed check: inside scripts/kvm-vm on a busy 2-core machine a
     * JVM start plus a guest run has taken over two minutes.
     */
    private Duration timeout = Duration.ofSeconds(Long.getLong("jhyve.test.timeout", 300));
    private String actionMarker;
    private int actionOccurrences = 1;
    private java.util.function.Consumer<Process> action;

    public JhyveProcess(String... args) {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.jhyve.cli.Main");
        command.addAll(List.of(args));
    }

    /** Types {@code text} into the console once the guest has printed {@code marker}. */
    public JhyveProcess inputAfter(String marker, String text) {
        this.stdin = text.getBytes(StandardCharsets.UTF_8);
        this.stdinAfter = marker;
        return this;
    }

    /**
     * Runs {@code action} on the live child, on its own thread, once the guest has printed
     * {@code marker}: to signal it, or to measure it.
     */
    public JhyveProcess whenOutput(String marker, java.util.function.Consumer<Process> action) {
        return whenOutput(marker, 1, action);
    }

    /** As {@link #whenOutput(String, java.util.function.Consumer)}, once the marker appeared {@code n} times. */
    public JhyveProcess whenOutput(String marker, int n, java.util.function.Consumer<Process> action) {
        this.actionMarker = marker;
        this.actionOccurrences = n;
        this.action = action;
        return this;
    }

    private static int occurrences(String text, String marker) {
        int n = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length())) n++;
        return n;
    }

    /** Adds a JVM option, e.g. the launcher's -Xmx128m, to prove a command fits what scripts/jhyve gives it. */
    public JhyveProcess jvmOption(String option) {
        command.add(1, option);
        return this;
    }

    /** Runs jhyve under {@code wrapper} (e.g. {@code ip netns exec NS}), which then runs the usual command. */
    public JhyveProcess wrappedIn(String... wrapper) {
        command.addAll(0, List.of(wrapper));
        return this;
    }

    public JhyveProcess timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    public Result run() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread to = pump(p.getInputStream(), out);
        Thread te = pump(p.getErrorStream(), err);
        Thread ti = new Thread(() -> {
            try (OutputStream os = p.getOutputStream()) {
                while (stdinAfter != null && !out.toString(StandardCharsets.UTF_8).contains(stdinAfter)) {
                    if (!p.isAlive()) return;
                    Thread.sleep(20);
                }
                os.write(stdin);
                os.flush();
                // Keep stdin open until the guest is done: EOF is not something a serial line has.
                p.waitFor();
            } catch (IOException | InterruptedException ignored) {
                // the child exited first
            }
        });
        ti.setDaemon(true);
        ti.start();
        if (action != null) {
            Thread ta = new Thread(() -> {
                try {
                    while (occurrences(out.toString(StandardCharsets.UTF_8), actionMarker) < actionOccurrences) {
                        if (!p.isAlive()) return;
                        Thread.sleep(20);
                    }
                    action.accept(p);
                } catch (InterruptedException ignored) {
                    // test over
                }
            });
            ta.setDaemon(true);
            ta.start();
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            to.join(2000);
            te.join(2000);
            throw new AssertionError("jhyve did not finish within " + timeout + "\n"
                    + new Result(-1, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)).transcript());
        }
        to.join(5000);
        te.join(5000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // stream closed with the process
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}

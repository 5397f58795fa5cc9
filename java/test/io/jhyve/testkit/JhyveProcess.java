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
    /** What to type and after which console text, in order: a scripted console session. */
    private record Input(String marker, byte[] text) { }

    private final List<Input> inputs = new ArrayList<>();
    /**
     * A guard against hangs, not a speed check: inside scripts/kvm-vm on a busy 2-core machine a
     * JVM start plus a guest run has taken over two minutes.
     */
    private Duration timeout = Duration.ofSeconds(Long.getLong("jhyve.test.timeout", 300));
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);
    private String actionMarker;
    private int actionOccurrences = 1;
    private java.util.function.Consumer<Process> action;

    public JhyveProcess(String... args) {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:CompileThresholdScaling=10"); // as scripts/jhyve, which says why
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.jhyve.cli.Main");
        command.addAll(List.of(args));
    }

    /**
     * Types {@code text} into the console once the guest has printed {@code marker}. Called again,
     * it adds the next step of a session: each marker is looked for only in what the guest printed
     * after the previous step's marker, as a person at the console answers one prompt at a time.
     */
    public JhyveProcess inputAfter(String marker, String text) {
        inputs.add(new Input(marker, text.getBytes(StandardCharsets.UTF_8)));
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

    /**
     * Sends SIGTERM as {@code kill PID} would. Not {@link Process#destroy()}: on Linux that also
     * closes our ends of the child's pipes, so everything jhyve prints after the signal (its closing
     * line, the guest's shutdown) would be lost.
     */
    public static void sigterm(Process p) {
        p.toHandle().destroy();
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
        long started = System.nanoTime();
        try {
            Result r = start();
            progress(String.format("exit %d after %.1f s", r.exitStatus(), (System.nanoTime() - started) / 1e9));
            return r;
        } catch (AssertionError e) {
            progress(String.format("no end after %.1f s", (System.nanoTime() - started) / 1e9));
            throw e;
        }
    }

    /**
     * One line per run on the test's stdout, which surefire streams as it comes: inside scripts/kvm-vm
     * a test class can take minutes, and this shows which run is going and how long runs take.
     */
    private void progress(String outcome) {
        int main = command.indexOf("io.jhyve.cli.Main");
        System.out.println("[jhyve " + String.join(" ", command.subList(main + 1, command.size())) + "] " + outcome);
    }

    private Result start() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread to = pump(p.getInputStream(), out);
        Thread te = pump(p.getErrorStream(), err);
        Thread ti = new Thread(() -> type(p, out));
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
            // A process that outlives SIGKILL is stuck inside the kernel (a KVM_RUN that never returns):
            // waiting for it would hang the whole suite, so say so and leave it.
            boolean killed = p.destroyForcibly().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            to.join(2000);
            te.join(2000);
            throw new AssertionError("jhyve did not finish within " + timeout
                    + (killed ? "" : "; it did not die of SIGKILL within " + KILL_WAIT.toSeconds() + " s either: pid "
                    + p.pid() + " is stuck inside the kernel (see dmesg: under scripts/kvm-vm, a soft lockup in"
                    + " QEMU's emulated SVM)") + "\n"
                    + new Result(-1, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)).transcript());
        }
        // The pipes reach EOF once jhyve is gone; under emulation that can take seconds to be seen.
        to.join(30_000);
        te.join(30_000);
        String stderr = err.toString(StandardCharsets.UTF_8);
        if (to.isAlive() || te.isAlive()) stderr += "\n[JhyveProcess: jhyve exited but its output pipes were still open 30 s later]";
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), stderr);
    }

    /** Plays {@link #inputs} into the child's stdin, each after its marker. */
    private void type(Process p, ByteArrayOutputStream out) {
        try (OutputStream os = p.getOutputStream()) {
            int from = 0;
            for (Input step : inputs) {
                int at;
                while ((at = out.toString(StandardCharsets.UTF_8).indexOf(step.marker(), from)) < 0) {
                    if (!p.isAlive()) return;
                    Thread.sleep(20);
                }
                from = at + step.marker().length();
                os.write(step.text());
                os.flush();
            }
            // Keep stdin open until the guest is done: EOF is not something a serial line has.
            p.waitFor();
        } catch (IOException | InterruptedException ignored) {
            // the child exited first
        }
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

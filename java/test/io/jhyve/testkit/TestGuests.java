package io.jhyve.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;

/**
 * The test guests (java/guests, built into target/guests by Maven) and what every test of them
 * shares: starting jhyve on one, reading its TAP-style report (java/guests/README.md), and the
 * checksum the guests compute over what they read.
 */
public final class TestGuests {
    private TestGuests() { }

    /** A guest packaged as a bzImage. */
    public static Path guest(String name) {
        return image(name + ".bzImage");
    }

    /** A guest image by file name, e.g. "pvh-state.elf". */
    public static Path image(String fileName) {
        String dir = System.getProperty("jhyve.guests.dir", "target/guests");
        Path p = Path.of(dir, fileName);
        if (!Files.isRegularFile(p)) {
            Assertions.fail("test guest " + p + " is missing: the build runs 'make -C java/guests' in process-classes");
        }
        return p;
    }

    /** {@code jhyve run -k KERNEL EXTRA...}, ready to be tuned (timeout, input, signals) and run. */
    public static JhyveProcess jhyve(Path kernel, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "-k", kernel.toString()));
        args.addAll(List.of(extra));
        return new JhyveProcess(args.toArray(String[]::new));
    }

    /** The guest reported PASS, no check failed, and jhyve ended with status 0. */
    public static void assertPassed(String guest, JhyveProcess.Result r) {
        assertTrue(r.stdout().contains("jhyve-test: PASS " + guest), r.transcript());
        assertFalse(r.stdout().contains("not ok"), r.transcript());
        assertEquals(0, r.exitStatus(), r.transcript());
    }

    /** As {@link #assertPassed}, and the guest ended the run itself by writing 0 to the debug-exit port. */
    public static void assertPassedAndExited(String guest, JhyveProcess.Result r) {
        assertPassed(guest, r);
        assertTrue(r.stderr().contains("jhyve: guest powered off: guest wrote 0 to debug-exit port 0xf4 (exit status 0)"),
                r.transcript());
    }

    /** The rest of each console line that starts with {@code prefix}, e.g. "# e820: ", trimmed. */
    public static List<String> reported(String stdout, String prefix) {
        return stdout.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                .collect(Collectors.toList());
    }

    /** FNV-1a 32, as the guests compute it over an initrd or a disk (java/guests/lib). */
    public static int fnv1a(byte[] data) {
        int h = 0x811c9dc5;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }
}

package io.jhyve.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;

/** Where the Maven build put the test guests (java/guests, built into target/guests). */
public final class TestGuests {
    private TestGuests() { }

    public static Path guest(String name) {
        String dir = System.getProperty("jhyve.guests.dir", "target/guests");
        Path p = Path.of(dir, name + ".bzImage");
        if (!Files.isRegularFile(p)) {
            Assertions.fail("test guest " + p + " is missing: the build runs 'make -C java/guests' in process-classes");
        }
        return p;
    }
}

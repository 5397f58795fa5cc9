package io.jhyve.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every test that needs KVM must carry {@link KvmTest}: scripts/test runs only that group inside
 * scripts/kvm-vm, so an untagged KVM test would run on a host without KVM and fail there under CI.
 */
class KvmTestTagTest {
    private static final Path TESTS = Path.of("java/test");

    @Test
    void everyTestThatAssumesKvmIsTagged() throws IOException {
        List<String> untagged;
        try (Stream<Path> files = Files.walk(TESTS)) {
            untagged = files.filter(f -> f.toString().endsWith("Test.java") && !f.startsWith(TESTS.resolve("io/jhyve/testkit")))
                    .filter(f -> read(f).contains("assumeKvm()") && !read(f).contains("@KvmTest"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), untagged, "KVM tests without @KvmTest");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

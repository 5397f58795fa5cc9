package io.jhyve.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KvmTestProgressTest {
    @Test
    void passedTestsAreReadBackForTheNextAttempt(@TempDir Path dir) {
        Path file = dir.resolve("progress.txt");
        assertEquals(Set.of(), KvmTestProgress.passedBefore(file), "no file yet: nothing passed");
        KvmTestProgress.record(file, "[engine:junit-jupiter]/[class:a.B]/[method:boots()]");
        KvmTestProgress.record(file, "[engine:junit-jupiter]/[class:a.B]/[method:halts()]");
        assertEquals(Set.of("[engine:junit-jupiter]/[class:a.B]/[method:boots()]",
                "[engine:junit-jupiter]/[class:a.B]/[method:halts()]"), KvmTestProgress.passedBefore(file));
    }
}

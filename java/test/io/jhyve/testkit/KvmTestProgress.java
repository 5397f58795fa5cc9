package io.jhyve.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Lets scripts/test resume the KVM tests after an emulator fault at the test, not the class.
 *
 * <p>Inside scripts/kvm-vm, QEMU's TCG now and then freezes the whole VM (see scripts/test). Surefire
 * writes a class's report only when the class ends, so after a freeze the class ran again from its
 * first test, and a long class (TestKernelBootTest boots Linux seven times) could meet a freeze in
 * every attempt. With {@code JHYVE_KVM_PROGRESS} naming a file, every passed test appends its
 * unique id to it, and a later attempt skips the tests listed there ("passed in an earlier
 * attempt"). Without the variable this extension does nothing.
 */
public final class KvmTestProgress implements ExecutionCondition, TestWatcher {
    static final String ENV = "JHYVE_KVM_PROGRESS";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Path file = progressFile();
        if (file == null || context.getTestMethod().isEmpty()) return ConditionEvaluationResult.enabled("");
        return passedBefore(file).contains(context.getUniqueId())
                ? ConditionEvaluationResult.disabled("passed in an earlier attempt of scripts/test (resumed after an emulator fault)")
                : ConditionEvaluationResult.enabled("not passed yet");
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        Path file = progressFile();
        if (file != null) record(file, context.getUniqueId());
    }

    static void record(Path file, String uniqueId) {
        try {
            // One short line per append: concurrent writers cannot interleave within it.
            Files.writeString(file, uniqueId + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record test progress in " + file + " (" + ENV + ")", e);
        }
    }

    static Set<String> passedBefore(Path file) {
        try {
            return Files.exists(file) ? Set.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8)) : Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test progress from " + file + " (" + ENV + ")", e);
        }
    }

    private static Path progressFile() {
        String value = System.getenv(ENV);
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}

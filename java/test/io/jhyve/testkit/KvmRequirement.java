package io.jhyve.testkit;

import io.jhyve.hv.kvm.Kvm;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need KVM call {@link #assumeKvm()}: without /dev/kvm they are skipped with the reason,
 * unless JHYVE_REQUIRE_KVM=1 (as CI sets it), where a missing KVM fails the test instead, so a CI
 * run can never pass by skipping.
 */
public final class KvmRequirement {
    private KvmRequirement() { }

    public static boolean required() {
        return "1".equals(System.getenv("JHYVE_REQUIRE_KVM"));
    }

    public static void assumeKvm() {
        String reason = Kvm.unavailableReason();
        if (reason == null) return;
        if (required()) Assertions.fail("JHYVE_REQUIRE_KVM=1 but KVM is unavailable: " + reason);
        Assumptions.abort("skipped, needs KVM: " + reason + " (set JHYVE_REQUIRE_KVM=1 to make this a failure)");
    }
}

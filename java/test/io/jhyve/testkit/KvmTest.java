package io.jhyve.testkit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that boots guests on KVM (and calls {@link KvmRequirement#assumeKvm()}).
 * The tag lets scripts/test run the unit tests on the host at native speed and only the
 * {@code kvm} group inside scripts/kvm-vm, where /dev/kvm exists but everything runs emulated.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(KvmTest.TAG)
public @interface KvmTest {
    String TAG = "kvm";
}

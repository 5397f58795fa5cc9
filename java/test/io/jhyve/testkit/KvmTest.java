package io.jhyve.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that boots guests on KVM (and calls {@link KvmRequirement#assumeKvm()}).
 * The tag lets scripts/test run the unit tests on the host at native speed and only the
 * {@code kvm} group inside scripts/kvm-vm, where /dev/kvm exists but everything runs emulated;
 * {@link KvmTestProgress} lets it resume there after an emulator fault.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(KvmTest.TAG)
@ExtendWith(KvmTestProgress.class)
public @interface KvmTest {
    String TAG = "kvm";
}

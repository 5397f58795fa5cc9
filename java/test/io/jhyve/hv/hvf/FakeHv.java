package io.jhyve.hv.hvf;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The test controls of the fake Hypervisor.framework (native-hvf/fake/fakehv.h), bound with JNA
 * from the same library as the shim: {@code libhvshim-fake.so}, which the Linux Maven build makes
 * (profile hvf-shim-linux) and names in the system property {@code jhyve.hvshim.fake}.
 */
final class FakeHv {
    private static String path;

    private FakeHv() { }

    /**
     * Loads the shim and the fake once per JVM and returns the library path. Skips the test off
     * Linux (the fake is Linux-only); on Linux a missing library is a build problem and fails.
     */
    static synchronized String load() {
        if (path == null) {
            Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux"), "the fake HVF is built on Linux only");
            String p = System.getProperty("jhyve.hvshim.fake", "target/native-hvf/libhvshim-fake.so");
            if (!Files.isRegularFile(Path.of(p))) {
                throw new IllegalStateException(p + " is missing: build it with `make -C native-hvf fake` (Maven does on Linux)");
            }
            String abs = Path.of(p).toAbsolutePath().toString();
            HvfNative.load(abs);
            Native.register(FakeHv.class, NativeLibrary.getInstance(abs));
            path = abs;
        }
        return path;
    }

    static native void fakehv_reset();

    static native void fakehv_set_cap(int which, long value);

    static native void fakehv_set_hv_support(int value);

    static native void fakehv_fail_next_vm_create(int code);

    static native void fakehv_push_exit(int vcpu, int reason, long qualification, int length, int info, long gpa, long gla);

    static native void fakehv_set_last_exit_vectoring(int vcpu, int info, int errorCode);

    static native void fakehv_set_kick_timeout_ms(int ms);

    static native int fakehv_violations();

    static native String fakehv_last_violation();

    static native long fakehv_peek_vmcs(int vcpu, int field);

    static native long fakehv_peek_register(int vcpu, int reg);

    static native long fakehv_last_injected(int vcpu, int errorCode);

    static native int fakehv_vcpu_count();

    static native int fakehv_mapping_count();

    static native int fakehv_runs();
}

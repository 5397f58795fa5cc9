package io.jhyve.vmm;

import io.jhyve.config.ConfigException;
import io.jhyve.hv.Hypervisor;
import io.jhyve.hv.hvf.Hvf;
import io.jhyve.hv.kvm.Kvm;

/**
 * Which hypervisor backend a machine runs on: Hypervisor.framework on macOS, KVM elsewhere. The
 * system property {@value #PROPERTY} ("kvm" or "hvf") overrides the choice, e.g. to see HVF's
 * own refusal on Linux.
 */
public final class Hypervisors {
    public static final String PROPERTY = "jhyve.hypervisor";

    private Hypervisors() { }

    /** Opens the backend for this host; each says by name what is missing when it cannot open. */
    public static Hypervisor openForHost() {
        return open(choose(System.getProperty(PROPERTY), System.getProperty("os.name", "")));
    }

    /** "hvf" or "kvm": the property when set, else by operating system. */
    static String choose(String property, String osName) {
        if (property != null && !property.isBlank()) {
            String p = property.strip().toLowerCase(java.util.Locale.ROOT);
            if (!p.equals("kvm") && !p.equals("hvf")) {
                throw new ConfigException("system property " + PROPERTY, PROPERTY,
                        "\"" + property + "\" is not a backend: use kvm or hvf");
            }
            return p;
        }
        return osName.startsWith("Mac") ? "hvf" : "kvm";
    }

    private static Hypervisor open(String backend) {
        return backend.equals("hvf") ? Hvf.open() : Kvm.open();
    }
}

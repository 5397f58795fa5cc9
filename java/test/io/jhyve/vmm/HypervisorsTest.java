package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.config.ConfigException;
import org.junit.jupiter.api.Test;

class HypervisorsTest {
    @Test
    void theOperatingSystemChoosesUnlessThePropertySays() {
        assertEquals("hvf", Hypervisors.choose(null, "Mac OS X"));
        assertEquals("kvm", Hypervisors.choose(null, "Linux"));
        assertEquals("kvm", Hypervisors.choose("", "Linux"));
        assertEquals("hvf", Hypervisors.choose("HVF", "Linux"));
        assertEquals("kvm", Hypervisors.choose("kvm", "Mac OS X"));
    }

    @Test
    void anUnknownBackendIsRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class, () -> Hypervisors.choose("xen", "Linux"));
        assertTrue(e.getMessage().contains("\"xen\" is not a backend: use kvm or hvf"), e.getMessage());
    }
}

package io.jhyve.inspect;

import io.jhyve.inspect.KernelConfig.Tristate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelConfigTest {
    @Test
    void parsesAssignmentsAndNotSetComments() {
        KernelConfig c = KernelConfig.parse(Samples.CONFIG);
        assertEquals(Tristate.BUILT_IN, c.tristate("CONFIG_SERIAL_8250"));
        assertEquals(Tristate.MODULE, c.tristate("CONFIG_VIRTIO_BLK"));
        assertEquals(Tristate.NOT_SET, c.tristate("CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES"));
        assertEquals(Tristate.ABSENT, c.tristate("CONFIG_VIRTIO_NET"));
        assertEquals(Optional.of("\"-test\""), c.value("CONFIG_LOCALVERSION"));
        assertEquals(Optional.of("64"), c.value("CONFIG_NR_CPUS"));
        assertEquals(8, c.size());
    }

    @Test
    void extractsTheGzippedConfigBetweenTheMarkers() throws IOException {
        KernelConfig c = KernelConfig.extract(Samples.vmlinux(Samples.CONFIG)).orElseThrow();
        assertEquals(Tristate.BUILT_IN, c.tristate("CONFIG_VIRTIO_MMIO"));
    }

    @Test
    void noMarkerMeansNoConfig() throws IOException {
        assertTrue(KernelConfig.extract(Samples.vmlinux(null)).isEmpty());
    }

    @Test
    void aStartMarkerWithoutAnEndIsAnError() {
        byte[] v = Samples.concat(new byte[16], KernelConfig.IKCFG_ST, new byte[16]);
        IOException e = assertThrows(IOException.class, () -> KernelConfig.extract(v));
        assertEquals("embedded config: IKCFG_ST at offset 16 has no IKCFG_ED after it", e.getMessage());
    }
}

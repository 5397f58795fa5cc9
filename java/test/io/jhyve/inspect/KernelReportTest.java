package io.jhyve.inspect;

import io.jhyve.boot.SyntheticBzImage;
import io.jhyve.inspect.DriverSupport.Basis;
import io.jhyve.inspect.DriverSupport.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelReportTest {
    private static KernelReport read(SyntheticBzImage k) {
        return KernelFacts.read("/x/vmlinuz", k.build(), Optional.empty()).report;
    }

    private static DriverSupport driver(KernelReport r, String symbol) {
        return r.drivers().stream().filter(d -> d.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(value = PayloadCompression.class, names = "LZO", mode = EnumSource.Mode.EXCLUDE)
    void decompressesThePayloadAndReadsTheEmbeddedConfig(PayloadCompression format) {
        byte[] vmlinux = Samples.vmlinux(Samples.CONFIG);
        KernelReport r = read(Samples.bzImage(format, vmlinux));
        assertEquals(format.label(), r.payload().compression());
        assertEquals(vmlinux.length, r.payload().decompressedSize());
        assertEquals(vmlinux.length, r.payload().sizeFromTrailer());
        assertNull(r.payload().error());
        assertEquals("embedded (CONFIG_IKCONFIG), 8 options", r.config());
    }

    @Test
    void judgesDriversFromTheEmbeddedConfig() {
        KernelReport r = read(Samples.bzImage(PayloadCompression.XZ, Samples.vmlinux(Samples.CONFIG)));
        assertEquals(new DriverSupport("CONFIG_SERIAL_8250", "the 16550 UART: jhyve's COM1 at 0x3f8 (ttyS0)",
                Status.BUILT_IN, Basis.EMBEDDED_CONFIG, ""), driver(r, "CONFIG_SERIAL_8250"));
        assertEquals(Status.MODULE, driver(r, "CONFIG_VIRTIO_BLK").status());
        assertEquals(Status.NOT_SET, driver(r, "CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES").status());
        assertEquals(Status.ABSENT, driver(r, "CONFIG_VIRTIO_NET").status());
        assertEquals(Status.ABSENT, driver(r, "CONFIG_PVH").status());
    }

    @Test
    void withoutAConfigGuessesFromStringsAndSaysSo() {
        KernelReport r = read(Samples.bzImage(PayloadCompression.GZIP,
                Samples.vmlinux(null, "virtio_blk", "xx_uart8250", "Serial: 8250/16550 driver, %d ports")));
        assertEquals("none: no IKCFG_ST marker (built without CONFIG_IKCONFIG)", r.config());
        assertEquals(new DriverSupport("CONFIG_VIRTIO_BLK", "disks, -d/-c (virtio-blk)", Status.FOUND,
                Basis.STRINGS, "\"virtio_blk\""), driver(r, "CONFIG_VIRTIO_BLK"));
        assertEquals(Status.FOUND, driver(r, "CONFIG_SERIAL_8250").status());
        assertEquals(Status.FOUND, driver(r, "CONFIG_SERIAL_8250_CONSOLE").status());
        assertEquals(Status.NOT_FOUND, driver(r, "CONFIG_VIRTIO_NET").status());
        assertEquals("guessed from strings, may be a module", driver(r, "CONFIG_VIRTIO_NET").basis().label());
    }

    @Test
    void readsTheHeaderFieldsWithTheirMeanings() {
        KernelReport r = read(Samples.bzImage(PayloadCompression.GZIP, Samples.vmlinux(null)));
        assertEquals("bzImage", r.kind());
        assertEquals(SyntheticBzImage.KERNEL_VERSION, r.version());
        HeaderField loadflags = r.header().stream().filter(f -> f.name().equals("loadflags")).findFirst().orElseThrow();
        assertEquals(new HeaderField("loadflags", 0x211, "0x01", "LOADED_HIGH: protected-mode code loads at 0x100000",
                "2.00", true), loadflags);
        HeaderField xlf = r.header().stream().filter(f -> f.name().equals("xloadflags")).findFirst().orElseThrow();
        assertEquals("XLF_KERNEL_64: 64-bit entry at load address + 0x200; XLF_CAN_BE_LOADED_ABOVE_4G: kernel, "
                + "boot_params, command line and initrd may lie above 4 GiB", xlf.meaning());
    }

    @Test
    void fieldsNewerThanTheProtocolAreMarkedAbsent() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.version = 0x0209;
        HeaderField init = read(k).header().stream().filter(f -> f.name().equals("init_size")).findFirst().orElseThrow();
        assertEquals("absent: protocol 2.09 < 2.10 (reads as 0)", init.meaning());
    }

    @Test
    void anUnknownPayloadIsReportedNotThrown() {
        KernelReport r = read(new SyntheticBzImage()); // patterned bytes, no payload_length
        assertEquals("payload_length is 0: the header does not say where the compressed kernel is",
                r.payload().error());
        assertEquals("unknown: the kernel could not be decompressed", r.config());
        assertEquals(Status.UNKNOWN, driver(r, "CONFIG_VIRTIO").status());
    }

    @Test
    void aDamagedHeaderIsStillShownFieldByField() {
        byte[] image = Samples.bzImage(PayloadCompression.GZIP, Samples.vmlinux(Samples.CONFIG)).build();
        image[0x1ff] = 0x55; // the boot flag's high byte: 0xAA55 becomes 0x5555
        KernelReport r = KernelFacts.read("/x/vmlinuz", image, Optional.empty()).report;
        assertEquals("not a bzImage: boot flag 0x5555 at 0x1fe, 0xAA55 required", r.formatError());
        assertEquals("unknown", r.kind());
        assertTrue(r.header().stream().anyMatch(f -> f.name().equals("version") && f.value().equals("2.15")),
                r.header().toString());
        assertTrue(r.header().stream().anyMatch(f -> f.name().equals("xloadflags")), r.header().toString());
    }

    @Test
    void aFileThatIsNoKernelSaysWhy() {
        KernelReport r = KernelFacts.read("junk", new byte[1024], Optional.empty()).report;
        assertEquals("unknown", r.kind());
        assertEquals("not a bzImage: boot flag 0x0000 at 0x1fe, 0xAA55 required", r.formatError());
    }
}

package io.jhyve.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusTest {
    /** Records accesses; reads return the offset. */
    static final class Probe implements BusDevice {
        final String name;
        final List<String> log = new ArrayList<>();

        Probe(String name) { this.name = name; }

        @Override public String name() { return name; }
        @Override public long read(long offset, int size) { log.add("r" + offset + "/" + size); return offset; }
        @Override public void write(long offset, int size, long value) { log.add("w" + offset + "/" + size + "=" + value); }
    }

    @Test
    void dispatchesWithOffsetsRelativeToTheDevice() {
        Bus bus = new Bus("pio");
        Probe uart = new Probe("uart");
        bus.attach(new AddressRange(0x3f8, 8), uart);
        assertEquals(5, bus.read(0x3fd, 1));
        bus.write(0x3f8, 1, 65);
        assertEquals(List.of("r5/1", "w0/1=65"), uart.log);
    }

    @Test
    void overlapIsRefusedNamingBothDevices() {
        Bus bus = new Bus("pio");
        bus.attach(new AddressRange(0x3f8, 8), new Probe("uart"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bus.attach(new AddressRange(0x3f0, 9), new Probe("other")));
        assertEquals("pio bus: other at 0x3f0-0x3f8 overlaps uart at 0x3f8-0x3ff", e.getMessage());
        bus.attach(new AddressRange(0x3f0, 8), new Probe("adjacent"));
    }

    @Test
    void unclaimedAccessesReadAllOnesAndAreCounted() {
        Bus bus = new Bus("pio");
        assertEquals(0xff, bus.read(0x2f8, 1));
        assertEquals(0xffff, bus.read(0x2f8, 2));
        assertEquals(0xffffffffL, bus.read(0xcfc, 4));
        assertEquals(-1L, bus.read(0x1000, 8));
        bus.write(0x80, 1, 0);
        assertEquals(2L, bus.unhandledAccesses().get(0x2f8L));
        assertEquals(1L, bus.unhandledAccesses().get(0x80L));
    }

    @Test
    void accessesRunningPastADeviceOrOfOddWidthNeverReachIt() {
        Bus bus = new Bus("mmio");
        Probe dev = new Probe("dev");
        bus.attach(new AddressRange(0x1000, 0x10), dev);
        assertEquals(0xffffffffL, bus.read(0x100e, 4));
        assertEquals(0xffffffL, bus.read(0x1000, 3));
        bus.write(0x100f, 2, 1);
        assertEquals(List.of(), dev.log);
    }

    @Test
    void rangesAtTheTopOfTheAddressSpace() {
        Bus bus = new Bus("mmio");
        Probe dev = new Probe("top");
        bus.attach(new AddressRange(0xffff_ffff_ffff_f000L, 0x1000), dev);
        assertEquals(0xff8, bus.read(0xffff_ffff_ffff_fff8L, 8));
        assertEquals(-1L, bus.read(0xffff_ffff_ffff_fffcL, 8));
    }
}

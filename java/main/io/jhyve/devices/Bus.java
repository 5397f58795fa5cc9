package io.jhyve.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * An address space (port I/O or MMIO) mapping ranges to devices, as kvmtool's ioport and mmio
 * trees do. Attach-time checks refuse overlap; access-time checks refuse widths other than
 * 1/2/4/8 and accesses running past a device's range. Accesses no device claims read as all ones
 * and writes are dropped (what an empty ISA bus does), counted per address for reports.
 *
 * <p>Accesses, one per vCPU exit, take no lock and allocate nothing: they binary-search an array
 * of the ranges that {@link #attach} republishes, where a {@code TreeMap<Long, ...>} lookup would
 * box the address and need the lock.
 */
public final class Bus {
    private final String name;
    private final TreeMap<Long, Entry> entries = new TreeMap<>(Long::compareUnsigned);
    /** {@link #entries} in address order, replaced whole on attach. */
    private volatile Entry[] sorted = new Entry[0];
    private final Map<Long, LongAdder> unhandled = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Consumer<String> debugLog = s -> { };

    private record Entry(AddressRange range, BusDevice device) { }

    public Bus(String name) {
        this.name = name;
    }

    public String name() { return name; }

    /** Attaches {@code device} at {@code range}; throws naming both devices on overlap. */
    public synchronized void attach(AddressRange range, BusDevice device) {
        for (Entry e : entries.values()) {
            if (e.range.overlaps(range)) {
                throw new IllegalArgumentException(String.format("%s bus: %s at %s overlaps %s at %s",
                        name, device.name(), range, e.device.name(), e.range));
            }
        }
        entries.put(range.base(), new Entry(range, device));
        sorted = entries.values().toArray(new Entry[0]);
    }

    /** Where each device sits, in address order. */
    public synchronized List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Entry e : entries.values()) out.add(e.range + " " + e.device.name());
        return out;
    }

    public synchronized List<BusDevice> devices() {
        List<BusDevice> out = new ArrayList<>();
        for (Entry e : entries.values()) out.add(e.device);
        return out;
    }

    /** Receives one line per unhandled access (for --debug); off by default. */
    public void setDebugLog(Consumer<String> log) { this.debugLog = log; }

    /** The device whose range holds {@code [addr, addr + size)}: the last range starting at or below addr. */
    private Entry lookup(long addr, int size) {
        Entry[] a = sorted;
        int lo = 0;
        int hi = a.length - 1;
        Entry floor = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(a[mid].range.base(), addr) <= 0) {
                floor = a[mid];
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return floor != null && floor.range.contains(addr, size) ? floor : null;
    }

    private static boolean validSize(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }

    /** A guest read; all ones (of {@code size} bytes) where nothing answers. */
    public long read(long addr, int size) {
        Entry e = validSize(size) ? lookup(addr, size) : null;
        if (e == null) {
            noteUnhandled(addr, size, "read", 0);
            return size >= 8 ? -1L : (1L << (size * 8)) - 1;
        }
        return e.device.read(addr - e.range.base(), size);
    }

    /** A guest write; dropped where nothing answers. */
    public void write(long addr, int size, long value) {
        Entry e = validSize(size) ? lookup(addr, size) : null;
        if (e == null) {
            noteUnhandled(addr, size, "write", value);
            return;
        }
        e.device.write(addr - e.range.base(), size, value);
    }

    private void noteUnhandled(long addr, int size, String kind, long value) {
        unhandled.computeIfAbsent(addr, k -> new LongAdder()).increment();
        debugLog.accept(String.format("%s bus: unhandled %d-byte %s at 0x%x%s", name, size, kind, addr,
                kind.equals("write") ? String.format(" (value 0x%x)", value) : ""));
    }

    /** Unhandled accesses so far, address → count, in address order. */
    public Map<Long, Long> unhandledAccesses() {
        TreeMap<Long, Long> out = new TreeMap<>(Long::compareUnsigned);
        unhandled.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void resetDevices() {
        for (BusDevice d : devices()) d.reset();
    }
}

package io.jhyve.vmm;

import io.jhyve.hv.VcpuExit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of vCPU exits by kind and by port or MMIO address, and the time spent inside the guest
 * (in KVM_RUN, which includes time the vCPU sleeps in HLT) versus in the VMM handling exits, for
 * {@code --stats}. Safe to update from several vCPU threads. Counting keys on the exit's class and
 * a small {@link Site} value; names are formatted once, for the report, not per exit (a
 * {@code String.format} per exit would slow down the very VMM time it reports).
 */
final class ExitStats {
    private static final int TOP = 10;
    private final Map<Class<?>, LongAdder> byKind = new ConcurrentHashMap<>();
    private final Map<Site, LongAdder> byAddress = new ConcurrentHashMap<>();

    /** Where an I/O exit went: a port or an MMIO address, and the direction. */
    private record Site(boolean mmio, long address, boolean write) {
        @Override
        public String toString() {
            return mmio ? String.format("MMIO 0x%x %s", address, write ? "write" : "read")
                    : String.format("port 0x%x %s", address, write ? "out" : "in");
        }
    }
    private final LongAdder guestNanos = new LongAdder();
    private final LongAdder vmmNanos = new LongAdder();

    void record(VcpuExit exit, long inGuestNanos, long inVmmNanos) {
        guestNanos.add(inGuestNanos);
        vmmNanos.add(inVmmNanos);
        byKind.computeIfAbsent(exit.getClass(), k -> new LongAdder()).increment();
        Site where = null;
        if (exit instanceof VcpuExit.PortIo io) {
            where = new Site(false, io.port(), io.write());
        } else if (exit instanceof VcpuExit.Mmio m) {
            where = new Site(true, m.gpa(), m.write());
        }
        if (where != null) byAddress.computeIfAbsent(where, k -> new LongAdder()).increment();
    }

    /** The report, one line per item, each starting "jhyve: stats: ". */
    List<String> report() {
        List<String> out = new ArrayList<>();
        long guest = guestNanos.sum() / 1_000_000, vmm = vmmNanos.sum() / 1_000_000;
        long total = Math.max(1, guest + vmm);
        out.add(String.format("jhyve: stats: %d ms in the guest (%d%%), %d ms in the VMM handling exits (%d%%)",
                guest, 100 * guest / total, vmm, 100 * vmm / total));
        Map<String, LongAdder> kinds = new HashMap<>();
        byKind.forEach((k, v) -> kinds.put(k.getSimpleName(), v));
        Map<String, LongAdder> sites = new HashMap<>();
        byAddress.forEach((k, v) -> sites.put(k.toString(), v));
        out.add("jhyve: stats: exits by kind: " + top(kinds, Integer.MAX_VALUE));
        out.add("jhyve: stats: exits by address (top " + TOP + "): " + top(sites, TOP));
        return out;
    }

    private static String top(Map<String, LongAdder> counts, int limit) {
        List<Map.Entry<String, LongAdder>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed()
                .thenComparing(Map.Entry::getKey));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(limit, entries.size()); i++) {
            if (i > 0) sb.append(", ");
            sb.append(entries.get(i).getKey()).append(' ').append(entries.get(i).getValue().sum());
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}

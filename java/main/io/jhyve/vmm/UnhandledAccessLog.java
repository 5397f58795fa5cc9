package io.jhyve.vmm;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * For {@code --debug-boot}: prints each unhandled port or MMIO access the first time it happens at
 * that address and direction, with the guest RIP that made it, so a driver probing for a device
 * jhyve lacks shows up once instead of flooding the terminal. Plugged into {@code Bus.setDebugLog}.
 */
final class UnhandledAccessLog implements Consumer<String> {
    private static final int MAX_DISTINCT = 256;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final PrintStream out;

    UnhandledAccessLog(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(String busLine) {
        int value = busLine.indexOf(" (value ");
        String key = value < 0 ? busLine : busLine.substring(0, value);
        if (seen.size() >= MAX_DISTINCT || !seen.add(key)) return;
        long rip = MonitoredVcpu.currentRip();
        out.println("jhyve: debug-boot: " + busLine + (rip < 0 ? "" : String.format(", guest RIP 0x%x", rip))
                + " (shown once)");
    }
}

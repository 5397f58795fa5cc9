package io.jhyve.config;

import java.util.List;

/**
 * The machine's virtio devices (all on virtio-mmio). JSON keys: {@code "disks"} (a list of
 * {@link DiskConfig}), {@code "console": "uart" | "virtio"} (with "virtio" a virtio-console is
 * added, its hvc0 writes to the same sink as COM1 and host input goes to hvc0 instead of COM1; boot
 * with {@code console=hvc0}), {@code "rng": true} (a virtio-rng entropy source), {@code "net"} (a list
 * of {@link NetConfig}, virtio-net cards on tap interfaces).
 */
public record VirtioConfig(List<DiskConfig> disks, boolean console, boolean rng, List<NetConfig> nets) {
    public static final VirtioConfig NONE = new VirtioConfig(List.of(), false, false, List.of());

    public VirtioConfig {
        disks = List.copyOf(disks);
        nets = List.copyOf(nets);
    }

    public VirtioConfig(List<DiskConfig> disks, boolean console, boolean rng) {
        this(disks, console, rng, List.of());
    }

    public boolean isEmpty() { return disks.isEmpty() && !console && !rng && nets.isEmpty(); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (DiskConfig d : disks) sb.append(sb.length() == 0 ? "" : ", ").append("disk ").append(d);
        if (console) sb.append(sb.length() == 0 ? "" : ", ").append("console (hvc0)");
        if (rng) sb.append(sb.length() == 0 ? "" : ", ").append("rng");
        for (NetConfig n : nets) sb.append(sb.length() == 0 ? "" : ", ").append("net ").append(n);
        return sb.length() == 0 ? "(none)" : sb.toString();
    }
}

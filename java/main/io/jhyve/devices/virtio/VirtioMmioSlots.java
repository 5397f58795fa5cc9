package io.jhyve.devices.virtio;

import io.jhyve.JhyveException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out register windows and interrupt lines to virtio-mmio devices, in the order they are
 * placed, so a machine's layout depends only on its config.
 *
 * <p>Windows: {@link VirtioMmioRegisters#WINDOW_SIZE} bytes each, one per 4 KiB page from
 * {@link #VIRTIO_MMIO_BASE} (in the 3-4 GiB MMIO hole, below the IOAPIC at 0xfec00000), so a
 * guest maps each with its own page. Interrupts: ISA-range GSIs only, because without ACPI or MP
 * tables Linux drives the 8259 PICs alone and only GSIs 0-15 reach a PIC. Taken, and so avoided:
 * 0 (PIT), 1 (i8042 keyboard), 2 (cascade), 3 (COM2, which Linux probes), 4 (COM1), 8 (RTC),
 * 9 (ACPI SCI by convention), 12 (i8042 mouse), 13 (FPU). IRQ 7 comes last: the PIC reports its
 * spurious interrupts there. Seven devices fit; pins 16-23 of KVM's IOAPIC would give eight more
 * once the guest learns of the IOAPIC from ACPI.
 */
public final class VirtioMmioSlots {
    public static final long VIRTIO_MMIO_BASE = 0xd000_0000L;
    public static final long SLOT_STRIDE = 0x1000;
    public static final List<Integer> GSIS = List.of(5, 6, 10, 11, 14, 15, 7);

    private final List<VirtioMmioDeviceInfo> placed = new ArrayList<>();

    /** Places the next device of {@code type}; a {@link JhyveException} (bad input) when all lines are taken. */
    public VirtioMmioDeviceInfo place(String type) {
        int n = placed.size();
        if (n >= GSIS.size()) {
            throw new JhyveException(String.format("too many virtio devices: %s would be number %d, "
                    + "but only %d have interrupt lines (GSIs %s)", type, n + 1, GSIS.size(), GSIS));
        }
        long base = VIRTIO_MMIO_BASE + n * SLOT_STRIDE;
        VirtioMmioDeviceInfo info = new VirtioMmioDeviceInfo(String.format("%s@0x%x", type, base), type, base,
                VirtioMmioRegisters.WINDOW_SIZE, GSIS.get(n), n);
        placed.add(info);
        return info;
    }

    /** Every device placed so far, in placement order. */
    public List<VirtioMmioDeviceInfo> placed() { return List.copyOf(placed); }

    /** The command-line options announcing every placed device, space-separated ("" when none). */
    public String cmdlineOptions() {
        StringBuilder sb = new StringBuilder();
        for (VirtioMmioDeviceInfo d : placed) sb.append(sb.length() == 0 ? "" : " ").append(d.cmdlineOption());
        return sb.toString();
    }
}

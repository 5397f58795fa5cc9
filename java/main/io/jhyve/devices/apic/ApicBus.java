package io.jhyve.devices.apic;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * The system bus between the local APICs and the IOAPIC: routes interrupt messages to the local
 * APICs their destination selects (SDM Vol. 3 §11.6.2) and broadcasts the EOI of a level-triggered
 * interrupt back to the IOAPIC (§11.8.5). Lowest-priority delivery goes to the first APIC the
 * destination selects (the SDM lets the chipset choose; jhyve does not arbitrate). SMI messages
 * are dropped: no guest of jhyve's relies on them.
 */
public final class ApicBus {
    private final List<LocalApic> apics;
    private volatile IntConsumer eoiListener = v -> { };

    /** Connects {@code apics} (index = APIC ID at reset) to each other. */
    public ApicBus(List<LocalApic> apics) {
        this.apics = List.copyOf(apics);
        for (LocalApic a : this.apics) a.attach(this);
    }

    /** Where the EOI of a level-triggered vector goes (the IOAPIC's remote IRR). */
    public void onLevelEoi(IntConsumer listener) {
        this.eoiListener = listener;
    }

    void levelEoi(int vector) {
        eoiListener.accept(vector);
    }

    /** Sends {@code m} from {@code source} (null for the IOAPIC); never called with an APIC's lock held. */
    public void deliver(InterruptMessage m, LocalApic source) {
        for (LocalApic target : apics) {
            if (!selected(target, m, source)) continue;
            switch (m.deliveryMode()) {
                case InterruptMessage.FIXED -> target.accept(m.vector(), m.levelTriggered());
                case InterruptMessage.LOWEST_PRIORITY -> {
                    target.accept(m.vector(), m.levelTriggered());
                    return;
                }
                case InterruptMessage.NMI -> target.nmi();
                case InterruptMessage.INIT -> target.init();
                case InterruptMessage.STARTUP -> target.startup(m.vector());
                default -> { }
            }
        }
    }

    private static boolean selected(LocalApic target, InterruptMessage m, LocalApic source) {
        return switch (m.shorthand()) {
            case InterruptMessage.SELF -> target == source;
            case InterruptMessage.ALL_INCLUDING_SELF -> true;
            case InterruptMessage.ALL_EXCLUDING_SELF -> target != source;
            default -> target.matchesDestination(m.destination(), m.logical());
        };
    }
}

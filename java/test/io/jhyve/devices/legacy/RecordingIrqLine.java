package io.jhyve.devices.legacy;

import io.jhyve.devices.IrqLine;
import java.util.ArrayList;
import java.util.List;

/** An {@link IrqLine} that remembers every level it was driven to. */
final class RecordingIrqLine implements IrqLine {
    final List<Boolean> levels = new ArrayList<>();

    @Override
    public synchronized void set(boolean level) { levels.add(level); }

    @Override
    public int gsi() { return 4; }

    synchronized boolean level() { return !levels.isEmpty() && levels.get(levels.size() - 1); }
}

package io.jhyve.devices.legacy;

import io.jhyve.devices.MachineControl;
import java.util.ArrayList;
import java.util.List;

/** A {@link MachineControl} that writes down what it was asked. */
final class RecordingMachine implements MachineControl {
    final List<String> requests = new ArrayList<>();

    @Override
    public void requestReset(String reason) { requests.add("reset: " + reason); }

    @Override
    public void requestPowerOff(String reason, int exitStatus) {
        requests.add("power off " + exitStatus + ": " + reason);
    }
}

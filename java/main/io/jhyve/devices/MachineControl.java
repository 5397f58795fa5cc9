package io.jhyve.devices;

/** What a device may ask of the machine it sits in: to end the run, with a reason a user can read. */
public interface MachineControl {
    /** The guest asked for a reset (i8042 pulse, port 0xCF9, ...). */
    void requestReset(String reason);

    /** The guest asked to power off (ACPI sleep, debug-exit device, ...) with an exit status. */
    void requestPowerOff(String reason, int exitStatus);
}

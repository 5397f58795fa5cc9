package io.jhyve.devices.virtio;

import io.jhyve.memory.GuestMemory;

/** What a {@link VirtioDevice} may ask of its transport: memory, queues, notifications, failure. */
public interface VirtioTransport {
    /** Handles one chain; returns the number of bytes it wrote into the chain's writable buffers. */
    @FunctionalInterface
    interface ChainHandler {
        long handle(DescriptorChain chain);
    }

    GuestMemory memory();

    /** The feature bits both sides agreed on (valid from FEATURES_OK). */
    long negotiatedFeatures();

    /** Whether the device may serve: DRIVER_OK is set and DEVICE_NEEDS_RESET is not. */
    boolean running();

    SplitVirtqueue queue(int index);

    /**
     * Pops and handles chains on queue {@code index} until it is empty or the device stops
     * running, returns each to the used ring, then notifies the driver if it wants that. A
     * malformed chain puts the device into DEVICE_NEEDS_RESET instead of throwing.
     */
    void processQueue(int index, ChainHandler handler);

    /** Handles at most one chain (as {@link #processQueue}); false if none was available. */
    boolean processOne(int index, ChainHandler handler);

    /** Sends a used-buffer notification for {@code index} if the driver has not suppressed it. */
    void notifyUsed(int index);

    /** The configuration space changed: bump ConfigGeneration and send a configuration change notification. */
    void configChanged();

    /** §2.1.2: set DEVICE_NEEDS_RESET, notify the driver, log {@code reason} (once). */
    void deviceNeedsReset(String reason);
}

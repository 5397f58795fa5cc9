package io.jhyve.devices.virtio;

import java.io.IOException;

/**
 * The host end of a virtual network card: Ethernet frames out and in (a tap interface in jhyve,
 * a scripted port in tests). Thread contract: {@link #send} is called by one thread at a time,
 * {@link #receive} by the device's receive thread only.
 */
public interface PacketPort extends AutoCloseable {
    /** Sends one Ethernet frame (no virtio header). */
    void send(byte[] frame, int offset, int length) throws IOException;

    /** Waits up to {@code timeoutMillis} for one frame; null when none arrived. */
    byte[] receive(int timeoutMillis) throws IOException;

    /** For logs, e.g. "tap jhyve0". */
    String description();

    @Override
    void close();
}

package io.jhyve.devices.virtio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jhyve.JhyveException;
import io.jhyve.sys.Errno;
import io.jhyve.sys.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Linux tap interface as a {@link PacketPort} (Documentation/networking/tuntap.rst): opened
 * through /dev/net/tun with TUNSETIFF, IFF_TAP | IFF_NO_PI, so each read or write is exactly one
 * Ethernet frame. Creating or attaching to a tap needs CAP_NET_ADMIN (or a persistent tap owned by
 * the user); the interface is the host's to configure (addresses, bridge).
 */
public final class TapPort implements PacketPort {
    static final long TUNSETIFF = 0x400454caL; // _IOW('T', 202, int)
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    static final int IFNAMSIZ = 16;
    /** struct ifreq: the name, then a union whose first member we use is short ifr_flags. */
    static final int IFREQ_SIZE = 40;
    /** Read buffer: a 64 KiB frame is the most a tap without offloads hands us. */
    static final int MAX_FRAME = 65536;

    private final int fd;
    private final String name;
    private final Memory rxBuffer = new Memory(MAX_FRAME);
    private final Memory txBuffer = new Memory(MAX_FRAME);
    private final Memory pollFd = new Memory(8);
    private boolean closed;

    private TapPort(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /** Opens (creating if needed) tap {@code name}; throws naming the interface and the reason. */
    public static TapPort open(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length >= IFNAMSIZ) {
            throw new JhyveException("tap interface name \"" + name + "\" must be 1 to " + (IFNAMSIZ - 1) + " characters");
        }
        int fd;
        try {
            fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new JhyveException("cannot open /dev/net/tun for tap " + name + ": " + Errno.describe(e.getErrorCode()), e);
        }
        Memory ifr = new Memory(IFREQ_SIZE);
        ifr.clear();
        ifr.write(0, bytes, 0, bytes.length);
        ifr.setShort(IFNAMSIZ, (short) (IFF_TAP | IFF_NO_PI));
        try {
            LibC.ioctl(fd, TUNSETIFF, ifr);
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw new JhyveException("cannot attach to tap " + name + " (TUNSETIFF): " + Errno.describe(e.getErrorCode())
                    + "; jhyve needs CAP_NET_ADMIN or a persistent tap owned by this user", e);
        }
        return new TapPort(fd, name);
    }

    @Override
    public synchronized void send(byte[] frame, int offset, int length) throws IOException {
        if (length > MAX_FRAME) throw new IOException("frame of " + length + " bytes is too large");
        txBuffer.write(0, frame, offset, length);
        try {
            LibC.write(fd, txBuffer, length);
        } catch (LastErrorException e) {
            throw new IOException("write to tap " + name + ": " + Errno.describe(e.getErrorCode()), e);
        }
    }

    @Override
    public byte[] receive(int timeoutMillis) throws IOException {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        try {
            if (LibC.poll(pollFd, 1, timeoutMillis) <= 0) return null;
            long n = LibC.read(fd, rxBuffer, MAX_FRAME);
            return n <= 0 ? null : rxBuffer.getByteArray(0, (int) n);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 4 /* EINTR */ || e.getErrorCode() == 11 /* EAGAIN */) return null;
            throw new IOException("read from tap " + name + ": " + Errno.describe(e.getErrorCode()), e);
        }
    }

    @Override public String description() { return "tap " + name; }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }
}

package io.jhyve.hv;

/**
 * Makes a backend's port and MMIO exits, handing out the previous value again when the next exit
 * is equal to it. Exits are immutable records, and a guest mostly repeats the same access (a
 * UART's transmit register, a virtqueue's notify, a polled status port), so the exit path then
 * allocates nothing (issue 8: no allocation per exit). One per vCPU, used on its own thread.
 */
public final class ExitValues {
    private VcpuExit.PortIo lastPortIo = new VcpuExit.PortIo(-1, 0, false, 0);
    private VcpuExit.Mmio lastMmio = new VcpuExit.Mmio(-1, 0, false, 0);

    public VcpuExit.PortIo portIo(int port, int size, boolean write, int count) {
        VcpuExit.PortIo last = lastPortIo;
        if (last.port() == port && last.size() == size && last.write() == write && last.count() == count) return last;
        return lastPortIo = new VcpuExit.PortIo(port, size, write, count);
    }

    public VcpuExit.Mmio mmio(long gpa, int size, boolean write, long value) {
        VcpuExit.Mmio last = lastMmio;
        if (last.gpa() == gpa && last.size() == size && last.write() == write && last.value() == value) return last;
        return lastMmio = new VcpuExit.Mmio(gpa, size, write, value);
    }
}

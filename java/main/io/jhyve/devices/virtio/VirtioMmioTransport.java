package io.jhyve.devices.virtio;

import static io.jhyve.devices.virtio.VirtioMmioRegisters.*;
import static io.jhyve.devices.virtio.VirtioStatus.*;

import io.jhyve.devices.BusDevice;
import io.jhyve.devices.IrqLine;
import io.jhyve.memory.GuestMemory;
import io.jhyve.memory.GuestMemoryException;
import java.util.function.Consumer;

/**
 * A virtio device behind the virtio-mmio transport, version 2 (virtio-v1.2 §4.2): the register
 * window of {@link VirtioMmioRegisters}, feature negotiation (§2.2, §3.1.1), the device status
 * state machine, one {@link SplitVirtqueue} per device queue, and the interrupt line (§4.2.3.4):
 * raised while InterruptStatus has a bit set, lowered once the driver acknowledged them all.
 *
 * <p>The driver is untrusted. Control registers answer only aligned 32-bit accesses (§4.2.2, "MUST
 * only use 32 bit wide and aligned reads and writes"); other widths read 0 and writes are dropped.
 * FEATURES_OK sticks only when the driver accepted VERSION_1 and nothing that was not offered;
 * DRIVER_OK only after FEATURES_OK. A broken queue sets DEVICE_NEEDS_RESET and raises a
 * configuration change interrupt (§2.1.2), logged once per transport.
 */
public final class VirtioMmioTransport implements BusDevice, VirtioTransport {
    private final String name;
    private final VirtioDevice device;
    private final GuestMemory memory;
    private final IrqLine irq;
    private final Consumer<String> log;
    private final SplitVirtqueue[] queues;
    private final long offered;

    private volatile int status;
    private int deviceFeaturesSel;
    private int driverFeaturesSel;
    private long driverFeatures;
    private int queueSel;
    private int interruptStatus;
    private int configGeneration;
    private boolean needsResetLogged;

    /**
     * @param name   for logs, e.g. "virtio-blk@0xd0000000"
     * @param log    receives the one DEVICE_NEEDS_RESET message (jhyve passes stderr)
     */
    public VirtioMmioTransport(String name, VirtioDevice device, GuestMemory memory, IrqLine irq, Consumer<String> log) {
        this.name = name;
        this.device = device;
        this.memory = memory;
        this.irq = irq;
        this.log = log;
        int[] sizes = device.queueMaxSizes();
        this.queues = new SplitVirtqueue[sizes.length];
        for (int i = 0; i < sizes.length; i++) queues[i] = new SplitVirtqueue(memory, sizes[i]);
        this.offered = device.deviceFeatures() | VirtioFeatures.TRANSPORT_OFFERED;
    }

    @Override public String name() { return name; }

    public VirtioDevice device() { return device; }

    public int status() { return status; }

    public synchronized int interruptStatus() { return interruptStatus; }

    @Override
    public long read(long offset, int size) {
        if (offset >= VIRTIO_MMIO_CONFIG) return device.readConfig((int) (offset - VIRTIO_MMIO_CONFIG), size);
        if (size != 4 || (offset & 3) != 0) return 0;
        return readRegister((int) offset) & 0xffff_ffffL;
    }

    private synchronized int readRegister(int reg) {
        switch (reg) {
            case VIRTIO_MMIO_MAGIC_VALUE: return MAGIC;
            case VIRTIO_MMIO_VERSION: return VERSION_MODERN;
            case VIRTIO_MMIO_DEVICE_ID: return device.deviceId();
            case VIRTIO_MMIO_VENDOR_ID: return JHYVE_VENDOR_ID;
            case VIRTIO_MMIO_DEVICE_FEATURES:
                return deviceFeaturesSel > 1 ? 0 : (int) (offered >>> (32 * deviceFeaturesSel));
            case VIRTIO_MMIO_QUEUE_NUM_MAX: return selectedQueue() == null ? 0 : selectedQueue().maxSize();
            case VIRTIO_MMIO_QUEUE_READY: return selectedQueue() != null && selectedQueue().ready() ? 1 : 0;
            case VIRTIO_MMIO_INTERRUPT_STATUS: return interruptStatus;
            case VIRTIO_MMIO_STATUS: return status;
            case VIRTIO_MMIO_SHM_LEN_LOW: case VIRTIO_MMIO_SHM_LEN_HIGH: return -1; // no shared memory regions
            case VIRTIO_MMIO_SHM_BASE_LOW: case VIRTIO_MMIO_SHM_BASE_HIGH: return -1;
            case VIRTIO_MMIO_CONFIG_GENERATION: return configGeneration;
            default: return 0;
        }
    }

    private SplitVirtqueue selectedQueue() {
        return queueSel >= 0 && queueSel < queues.length ? queues[queueSel] : null;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset >= VIRTIO_MMIO_CONFIG) {
            device.writeConfig((int) (offset - VIRTIO_MMIO_CONFIG), size, value);
            return;
        }
        if (size != 4 || (offset & 3) != 0) return;
        int v = (int) value;
        if (offset == VIRTIO_MMIO_STATUS && v == 0) {
            reset();
        } else if (offset == VIRTIO_MMIO_QUEUE_NOTIFY) {
            if (running() && v >= 0 && v < queues.length && queues[v].ready()) device.queueNotify(v);
        } else if (writeRegister((int) offset, v)) {
            device.activate(this);
        }
    }

    /** Returns true when this write set DRIVER_OK, so the caller activates the device outside the lock. */
    private synchronized boolean writeRegister(int reg, int v) {
        SplitVirtqueue q = selectedQueue();
        switch (reg) {
            case VIRTIO_MMIO_DEVICE_FEATURES_SEL -> deviceFeaturesSel = v;
            case VIRTIO_MMIO_DRIVER_FEATURES_SEL -> driverFeaturesSel = v;
            case VIRTIO_MMIO_DRIVER_FEATURES -> setDriverFeatures(v);
            case VIRTIO_MMIO_QUEUE_SEL -> queueSel = v;
            case VIRTIO_MMIO_QUEUE_NUM -> { if (q != null) q.setSize(v); }
            case VIRTIO_MMIO_QUEUE_READY -> { if (q != null) setQueueReady(q, v); }
            case VIRTIO_MMIO_QUEUE_DESC_LOW -> { if (q != null) q.setDescTable(low(q.descTable(), v)); }
            case VIRTIO_MMIO_QUEUE_DESC_HIGH -> { if (q != null) q.setDescTable(high(q.descTable(), v)); }
            case VIRTIO_MMIO_QUEUE_DRIVER_LOW -> { if (q != null) q.setAvailRing(low(q.availRing(), v)); }
            case VIRTIO_MMIO_QUEUE_DRIVER_HIGH -> { if (q != null) q.setAvailRing(high(q.availRing(), v)); }
            case VIRTIO_MMIO_QUEUE_DEVICE_LOW -> { if (q != null) q.setUsedRing(low(q.usedRing(), v)); }
            case VIRTIO_MMIO_QUEUE_DEVICE_HIGH -> { if (q != null) q.setUsedRing(high(q.usedRing(), v)); }
            case VIRTIO_MMIO_INTERRUPT_ACK -> acknowledge(v);
            case VIRTIO_MMIO_STATUS -> { return setStatus(v); }
            default -> { } // read-only registers, SHMSel, QueueReset (RING_RESET is not offered)
        }
        return false;
    }

    private static long low(long old, int v) { return (old & 0xffff_ffff_0000_0000L) | (v & 0xffff_ffffL); }

    private static long high(long old, int v) { return (old & 0xffff_ffffL) | ((long) v << 32); }

    /** §2.2.1: the device does not accept feature changes once FEATURES_OK is set. */
    private void setDriverFeatures(int v) {
        if ((status & FEATURES_OK) != 0 || driverFeaturesSel > 1) return;
        int shift = 32 * driverFeaturesSel;
        driverFeatures = (driverFeatures & ~(0xffff_ffffL << shift)) | ((v & 0xffff_ffffL) << shift);
    }

    private void setQueueReady(SplitVirtqueue q, int v) {
        if (v == 0) {
            q.reset();
            return;
        }
        if (q.ready()) return;
        try {
            q.enable(VirtioFeatures.has(driverFeatures, VirtioFeatures.VIRTIO_F_EVENT_IDX),
                    VirtioFeatures.has(driverFeatures, VirtioFeatures.VIRTIO_F_INDIRECT_DESC));
        } catch (MalformedQueueException e) {
            deviceNeedsReset("queue " + queueSel + ": " + e.getMessage());
        }
    }

    /**
     * §3.1.1 and §2.1.2: the driver may only add bits; FEATURES_OK is refused (reads back clear)
     * for an unacceptable feature set, DRIVER_OK without FEATURES_OK, and DEVICE_NEEDS_RESET is
     * the device's to set.
     */
    private boolean setStatus(int v) {
        int old = status;
        int next = (v & ~DEVICE_NEEDS_RESET & 0xff) | (old & DEVICE_NEEDS_RESET);
        if ((next & FEATURES_OK) != 0 && (old & FEATURES_OK) == 0 && !featuresAcceptable()) next &= ~FEATURES_OK;
        if ((next & DRIVER_OK) != 0 && (next & FEATURES_OK) == 0) next &= ~DRIVER_OK;
        status = next;
        return (next & DRIVER_OK) != 0 && (old & DRIVER_OK) == 0 && (next & DEVICE_NEEDS_RESET) == 0;
    }

    private boolean featuresAcceptable() {
        return (driverFeatures & ~offered) == 0 && VirtioFeatures.has(driverFeatures, VirtioFeatures.VIRTIO_F_VERSION_1);
    }

    private void acknowledge(int bits) {
        interruptStatus &= ~bits;
        if (interruptStatus == 0) irq.lower();
    }

    private synchronized void interrupt(int bit) {
        interruptStatus |= bit;
        irq.raise();
    }

    /** Status 0 or a machine reset (§4.2.3.1): quiesce the device, then forget every negotiated thing. */
    @Override
    public void reset() {
        synchronized (this) {
            status = 0;
        }
        device.reset();
        synchronized (this) {
            for (SplitVirtqueue q : queues) q.reset();
            driverFeatures = 0;
            deviceFeaturesSel = driverFeaturesSel = queueSel = 0;
            interruptStatus = 0;
            irq.lower();
        }
    }

    // VirtioTransport: what the device uses.

    @Override public GuestMemory memory() { return memory; }

    @Override public synchronized long negotiatedFeatures() { return driverFeatures; }

    @Override
    public boolean running() {
        int s = status;
        return (s & DRIVER_OK) != 0 && (s & DEVICE_NEEDS_RESET) == 0;
    }

    @Override public SplitVirtqueue queue(int index) { return queues[index]; }

    @Override
    public void processQueue(int index, ChainHandler handler) {
        boolean served = false;
        while (processChain(index, handler, false)) served = true;
        if (served) notifyUsed(index);
    }

    @Override
    public boolean processOne(int index, ChainHandler handler) {
        return processChain(index, handler, true);
    }

    private boolean processChain(int index, ChainHandler handler, boolean notify) {
        if (!running()) return false;
        SplitVirtqueue q = queues[index];
        try {
            DescriptorChain chain = q.pop();
            if (chain == null) return false;
            q.addUsed(chain.head(), handler.handle(chain));
            if (notify) notifyUsed(index);
            return true;
        } catch (MalformedQueueException | GuestMemoryException e) {
            deviceNeedsReset("queue " + index + ": " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // A device model bug must not end the VM either: the driver sees a device needing reset.
            deviceNeedsReset("queue " + index + ": device error " + e);
            return false;
        }
    }

    @Override
    public void notifyUsed(int index) {
        try {
            if (queues[index].needsNotification()) interrupt(VIRTIO_MMIO_INT_VRING);
        } catch (GuestMemoryException e) {
            deviceNeedsReset("queue " + index + ": " + e.getMessage());
        }
    }

    @Override
    public void configChanged() {
        synchronized (this) {
            configGeneration++;
        }
        interrupt(VIRTIO_MMIO_INT_CONFIG);
    }

    /**
     * The status bit and, for a driver that is running, the configuration-change interrupt bit
     * appear together (one lock): a driver that sees DEVICE_NEEDS_RESET in Status also finds
     * VIRTIO_MMIO_INT_CONFIG in InterruptStatus (§4.2.2.1), even when it polls rather than waits;
     * the one log line is written before either shows.
     */
    @Override
    public synchronized void deviceNeedsReset(String reason) {
        if ((status & DEVICE_NEEDS_RESET) != 0) return;
        if (!needsResetLogged) {
            needsResetLogged = true;
            log.accept("jhyve: " + name + ": " + reason + "; device needs reset (further errors not logged)");
        }
        status |= DEVICE_NEEDS_RESET;
        if ((status & DRIVER_OK) != 0) configChanged(); // under this lock too (it is reentrant)
    }
}

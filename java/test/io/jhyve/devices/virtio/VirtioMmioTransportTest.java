package io.jhyve.devices.virtio;

import static io.jhyve.devices.virtio.VirtioFeatures.*;
import static io.jhyve.devices.virtio.VirtioMmioRegisters.*;
import static io.jhyve.devices.virtio.VirtioStatus.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VirtioMmioTransportTest {
    private final EchoDevice echo = new EchoDevice();
    private final TestDriver d = new TestDriver(echo);

    @Test
    void identifiesAsAModernVirtioMmioDevice() {
        assertEquals(0x74726976, d.reg(VIRTIO_MMIO_MAGIC_VALUE));
        assertEquals(2, d.reg(VIRTIO_MMIO_VERSION));
        assertEquals(42, d.reg(VIRTIO_MMIO_DEVICE_ID));
        assertEquals(JHYVE_VENDOR_ID, d.reg(VIRTIO_MMIO_VENDOR_ID));
        assertEquals(0x12345678, d.reg(VIRTIO_MMIO_CONFIG));
        assertEquals(-1, d.reg(VIRTIO_MMIO_SHM_LEN_LOW), "no shared memory region 0");
    }

    @Test
    void offersVersion1EventIdxAndIndirectButNotRingReset() {
        long f = d.deviceFeatures();
        assertTrue(has(f, VIRTIO_F_VERSION_1));
        assertTrue(has(f, VIRTIO_F_EVENT_IDX));
        assertTrue(has(f, VIRTIO_F_INDIRECT_DESC));
        assertFalse(has(f, VIRTIO_F_RING_RESET));
    }

    @Test
    void refusesFeaturesOkWithoutVersion1() {
        assertFalse(d.negotiate(bit(VIRTIO_F_EVENT_IDX)));
    }

    @Test
    void refusesFeaturesOkForAFeatureNotOffered() {
        assertFalse(d.negotiate(bit(VIRTIO_F_VERSION_1) | bit(VIRTIO_F_RING_RESET)));
    }

    @Test
    void acceptsASubsetOfTheOffer() {
        assertTrue(d.negotiate(bit(VIRTIO_F_VERSION_1)));
        assertEquals(bit(VIRTIO_F_VERSION_1), d.transport.negotiatedFeatures());
    }

    @Test
    void featuresCannotChangeAfterFeaturesOk() {
        assertTrue(d.negotiate(bit(VIRTIO_F_VERSION_1)));
        d.reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
        d.reg(VIRTIO_MMIO_DRIVER_FEATURES, (int) bit(VIRTIO_F_EVENT_IDX));
        assertEquals(bit(VIRTIO_F_VERSION_1), d.transport.negotiatedFeatures());
    }

    @Test
    void driverOkWithoutFeaturesOkIsRefused() {
        d.reg(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER | DRIVER_OK);
        assertEquals(ACKNOWLEDGE | DRIVER, d.status());
        assertFalse(d.transport.running());
    }

    @Test
    void echoesAChainAndInterruptsUntilAcknowledged() {
        d.start();
        TestDriver.Buf in = d.in(5);
        int head = d.submit(0, d.out("hello".getBytes(StandardCharsets.US_ASCII)), in);
        assertEquals(1, d.usedIdx(0));
        assertArrayEquals(new long[] {head, 5}, d.usedElem(0, 0));
        assertEquals("hello", new String(d.mem.read(in.addr(), 5), StandardCharsets.US_ASCII));
        assertEquals(VIRTIO_MMIO_INT_VRING, d.reg(VIRTIO_MMIO_INTERRUPT_STATUS));
        assertTrue(d.irqLevel());
        d.ack();
        assertEquals(0, d.reg(VIRTIO_MMIO_INTERRUPT_STATUS));
        assertFalse(d.irqLevel());
    }

    @Test
    void noInterruptFlagSuppressesTheNotificationWithoutEventIdx() {
        d.start(bit(VIRTIO_F_VERSION_1), 16);
        d.mem.writeU16(TestDriver.avail(0), SplitVirtqueue.VIRTQ_AVAIL_F_NO_INTERRUPT);
        d.submit(0, d.out(new byte[] {1}), d.in(1));
        assertEquals(1, d.usedIdx(0));
        assertEquals(0, d.reg(VIRTIO_MMIO_INTERRUPT_STATUS));
    }

    @Test
    void usedEventDecidesTheNotificationWithEventIdx() {
        d.start();
        d.usedEvent(0, 1); // interrupt only once the used index passes 1, i.e. after the second chain
        d.submit(0, d.out(new byte[] {1}), d.in(1));
        assertEquals(0, d.reg(VIRTIO_MMIO_INTERRUPT_STATUS), "first chain: used_event 1 not reached");
        d.submit(0, d.out(new byte[] {2}), d.in(1));
        assertEquals(VIRTIO_MMIO_INT_VRING, d.reg(VIRTIO_MMIO_INTERRUPT_STATUS));
        assertEquals(2, d.availEvent(0), "the device asks to be kicked at the next avail index");
    }

    @Test
    void statusZeroResetsDeviceQueuesAndInterrupt() {
        d.start();
        d.submit(0, d.out(new byte[] {1}), d.in(1));
        int resetsBefore = echo.resets;
        d.reg(VIRTIO_MMIO_STATUS, 0);
        assertEquals(0, d.status());
        assertEquals(0, d.reg(VIRTIO_MMIO_INTERRUPT_STATUS));
        assertFalse(d.irqLevel());
        assertEquals(0, d.reg(VIRTIO_MMIO_QUEUE_READY));
        assertEquals(resetsBefore + 1, echo.resets);
        assertEquals(0, d.transport.negotiatedFeatures());
    }

    @Test
    void narrowOrUnalignedRegisterAccessesAreIgnored() {
        assertEquals(0, d.transport.read(VIRTIO_MMIO_MAGIC_VALUE, 2));
        assertEquals(0, d.transport.read(VIRTIO_MMIO_MAGIC_VALUE + 1, 4));
        d.transport.write(VIRTIO_MMIO_STATUS, 1, ACKNOWLEDGE);
        assertEquals(0, d.status());
    }

    @Test
    void queueRegistersAreFixedWhileTheQueueIsReady() {
        d.start();
        d.reg(VIRTIO_MMIO_QUEUE_SEL, 0);
        d.reg(VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1234);
        assertEquals(TestDriver.desc(0), d.transport.queue(0).descTable());
        assertEquals(16, d.reg(VIRTIO_MMIO_QUEUE_NUM_MAX));
        d.reg(VIRTIO_MMIO_QUEUE_SEL, 1);
        assertEquals(0, d.reg(VIRTIO_MMIO_QUEUE_NUM_MAX), "queue 1 does not exist");
    }

    @Test
    void aMisplacedRingSetsNeedsResetAndLogsOnce() {
        d.negotiate(d.deviceFeatures());
        d.reg(VIRTIO_MMIO_QUEUE_SEL, 0);
        d.reg(VIRTIO_MMIO_QUEUE_NUM, 16);
        d.reg(VIRTIO_MMIO_QUEUE_DESC_LOW, 0xfff0_0000);
        d.reg(VIRTIO_MMIO_QUEUE_READY, 1);
        assertTrue(d.needsReset());
        assertEquals(0, d.reg(VIRTIO_MMIO_QUEUE_READY));
        assertEquals(java.util.List.of("jhyve: test-echo: queue 0: descriptor table at 0xfff00000 (256 bytes) is outside "
                + "guest RAM; device needs reset (further errors not logged)"), d.log);
        d.reg(VIRTIO_MMIO_QUEUE_READY, 1);
        assertEquals(1, d.log.size());
    }

    @Test
    void queueSizeMustBeAPowerOfTwoWithinTheMaximum() {
        d.negotiate(d.deviceFeatures());
        d.reg(VIRTIO_MMIO_QUEUE_SEL, 0);
        d.reg(VIRTIO_MMIO_QUEUE_NUM, 12);
        d.reg(VIRTIO_MMIO_QUEUE_DESC_LOW, (int) TestDriver.desc(0));
        d.reg(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (int) TestDriver.avail(0));
        d.reg(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (int) TestDriver.used(0));
        d.reg(VIRTIO_MMIO_QUEUE_READY, 1);
        assertTrue(d.needsReset());
        assertTrue(d.log.get(0).contains("queue size 12 is not a power of 2 up to 16"), d.log.get(0));
    }

    @Test
    void needsResetRaisesAConfigChangeInterruptAndIsClearedByReset() {
        d.start();
        d.writeDesc(TestDriver.desc(0), 0, 0x7000_0000L, 16, 0, 0);
        d.publish(0, 0);
        d.kick(0);
        assertTrue(d.needsReset());
        assertEquals(VIRTIO_MMIO_INT_CONFIG, d.reg(VIRTIO_MMIO_INTERRUPT_STATUS));
        assertEquals(1, d.reg(VIRTIO_MMIO_CONFIG_GENERATION));
        assertFalse(d.transport.running());
        d.reg(VIRTIO_MMIO_STATUS, 0);
        assertEquals(0, d.status());
        d.start();
        d.submit(0, d.out(new byte[] {9}), d.in(1));
        assertEquals(1, d.usedIdx(0), "works again after the reset");
    }

    @Test
    void theDriverCannotClearNeedsReset() {
        d.start();
        d.transport.deviceNeedsReset("test");
        d.reg(VIRTIO_MMIO_STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
        assertTrue(d.needsReset());
    }

    @Test
    void aDeviceBugBecomesNeedsResetNotAnException() {
        VirtioDevice broken = new VirtioDevice() {
            private VirtioTransport t;
            @Override public String name() { return "broken"; }
            @Override public int deviceId() { return 42; }
            @Override public long deviceFeatures() { return 0; }
            @Override public int[] queueMaxSizes() { return new int[] {16}; }
            @Override public long readConfig(int offset, int size) { return 0; }
            @Override public void activate(VirtioTransport transport) { t = transport; }
            @Override public void queueNotify(int queue) {
                t.processQueue(queue, chain -> { throw new IllegalStateException("bug"); });
            }
            @Override public void reset() { }
        };
        TestDriver b = new TestDriver(broken).start();
        b.submit(0, b.in(4));
        assertTrue(b.needsReset());
        assertEquals("jhyve: test-broken: queue 0: device error java.lang.IllegalStateException: bug; device needs reset "
                + "(further errors not logged)", b.log.get(0));
    }
}

package io.jhyve.devices.legacy;

import static io.jhyve.devices.legacy.UartRegisters.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class Uart16550Test {
    private final RecordingIrqLine irq = new RecordingIrqLine();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Uart16550 uart = new Uart16550("uart16550@0x3f8", irq, out);

    private int in(int reg) { return (int) uart.read(reg, 1); }

    private void outb(int reg, int value) { uart.write(reg, 1, value); }

    @Test
    void powerOnState() {
        assertEquals(UART_IIR_NO_INT, in(UART_IIR));
        assertEquals(UART_LSR_THRE | UART_LSR_TEMT, in(UART_LSR));
        assertEquals(0, in(UART_IER));
        assertEquals(0, in(UART_MCR));
        assertEquals(Uart16550.HOST_MODEM_LINES, in(UART_MSR));
        assertEquals("uart16550@0x3f8", uart.name());
    }

    @Test
    void divisorLatchSharesOffsetsZeroAndOneUnderDlab() {
        outb(UART_IER, 0x05);
        outb(UART_LCR, UART_LCR_DLAB | UART_LCR_WLEN8);
        assertEquals(Uart16550.POWER_ON_DIVISOR, in(UART_DLL));
        outb(UART_DLL, 0x01);
        outb(UART_DLM, 0x02);
        assertEquals(0x01, in(UART_DLL));
        assertEquals(0x02, in(UART_DLM));
        outb(UART_LCR, UART_LCR_WLEN8);
        assertEquals(0x05, in(UART_IER), "IER untouched by divisor writes");
        assertEquals(UART_LCR_WLEN8, in(UART_LCR));
        assertEquals(0, out.size(), "DLL write is not a transmit");
    }

    @Test
    void scratchRegisterHoldsAnyByte() {
        outb(UART_SCR, 0xa5);
        assertEquals(0xa5, in(UART_SCR));
        outb(UART_SCR, 0x5a);
        assertEquals(0x5a, in(UART_SCR));
    }

    /** autoconfig(): "simple existence test" on IER, then the loopback test with MCR = LOOP|0x0A. */
    @Test
    void passesLinuxExistenceAndLoopbackTests() {
        outb(UART_IER, 0);
        assertEquals(0, in(UART_IER) & 0x0f);
        outb(UART_IER, 0x0f);
        assertEquals(0x0f, in(UART_IER) & 0x0f);
        outb(UART_IER, 0);

        outb(UART_MCR, UART_MCR_LOOP | 0x0a);
        assertEquals(0x90, in(UART_MSR) & 0xf0);
        outb(UART_MCR, 0);
    }

    /** The whole of autoconfig() and autoconfig_16550a() as 8250_port.c performs them, step by step. */
    @Test
    void linuxAutoconfigIdentifiesA16550A() {
        assertEquals("16550A", LinuxAutoconfig.identify(uart));
        assertEquals(16, LinuxAutoconfig.sizeFifo(uart), "size_fifo() must not see a U6_16550A's 64 bytes");
        assertEquals(0, out.size(), "nothing the probe sent may reach the console");
        assertFalse(irq.levels.contains(true), "the probe runs with OUT2 clear: no interrupt");
    }

    @Test
    void ierUpperBitsReadAsZeroSoTheProbeDoesNotSeeAnXScale() {
        outb(UART_IER, 0xff);
        assertEquals(0x0f, in(UART_IER));
    }

    @Test
    void iirFifoBitsFollowFcrEnable() {
        outb(UART_FCR, UART_FCR_ENABLE_FIFO);
        assertEquals(UART_IIR_FIFO_ENABLED | UART_IIR_NO_INT, in(UART_IIR));
        outb(UART_FCR, 0);
        assertEquals(UART_IIR_NO_INT, in(UART_IIR));
    }

    @Test
    void enablingThriWithEmptyThrRaisesThreAndReadingIirClearsIt() {
        outb(UART_MCR, UART_MCR_OUT2);
        outb(UART_IER, UART_IER_THRI);
        assertTrue(irq.level());
        assertEquals(UART_IIR_THRI, in(UART_IIR));
        assertFalse(irq.level(), "reading IIR that reported THRE clears it");
        assertEquals(UART_IIR_NO_INT, in(UART_IIR));
    }

    /** serial8250_do_startup()'s UART_BUG_THRE and UART_BUG_TXEN tests must both pass. */
    @Test
    void linuxStartupThreTestsFindNoBug() {
        outb(UART_IER, UART_IER_THRI);
        int iir1 = in(UART_IIR);
        outb(UART_IER, 0);
        outb(UART_IER, UART_IER_THRI);
        int iir = in(UART_IIR);
        outb(UART_IER, 0);
        assertFalse((iir1 & UART_IIR_NO_INT) == 0 && (iir & UART_IIR_NO_INT) != 0, "would set UART_BUG_THRE");
        assertEquals(0, iir & UART_IIR_NO_INT);

        outb(UART_IER, UART_IER_THRI);
        int lsr = in(UART_LSR);
        iir = in(UART_IIR);
        outb(UART_IER, 0);
        assertFalse((lsr & UART_LSR_TEMT) != 0 && (iir & UART_IIR_NO_INT) != 0, "would set UART_BUG_TXEN");
    }

    @Test
    void transmitGoesToSinkAndReArmsThre() {
        outb(UART_MCR, UART_MCR_OUT2);
        outb(UART_IER, UART_IER_THRI);
        assertEquals(UART_IIR_THRI, in(UART_IIR));
        for (byte b : "hi\n".getBytes()) outb(UART_TX, b);
        assertEquals("hi\n", out.toString());
        assertEquals(3, uart.transmittedBytes());
        assertTrue(irq.level(), "THR emptied again: THRE interrupt pending");
        outb(UART_IER, 0);
        assertFalse(irq.level());
    }

    @Test
    void irqIsGatedByOut2() {
        outb(UART_IER, UART_IER_THRI);
        assertTrue(irq.levels.isEmpty(), "INTR is high but OUT2 keeps it off the bus");
        outb(UART_MCR, UART_MCR_OUT2 | UART_MCR_DTR | UART_MCR_RTS);
        assertEquals(List.of(true), irq.levels);
        outb(UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
        assertEquals(List.of(true, false), irq.levels);
    }

    @Test
    void loopbackGatesIrqAndTurnsTransmitIntoReceive() {
        outb(UART_FCR, UART_FCR_ENABLE_FIFO);
        outb(UART_IER, UART_IER_RDI);
        outb(UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2);
        outb(UART_TX, 'x');
        assertEquals(0, out.size());
        assertFalse(irq.level(), "loopback forces OUT2 inactive");
        assertEquals(UART_IIR_FIFO_ENABLED | UART_IIR_RDI, in(UART_IIR), "trigger level 1 reached");
        assertEquals(UART_LSR_DR, in(UART_LSR) & UART_LSR_DR);
        assertEquals('x', in(UART_RX));
        assertEquals(0, in(UART_LSR) & UART_LSR_DR);
    }

    @Test
    void loopbackOverrunSetsOeAndLineStatusInterrupt() {
        outb(UART_FCR, UART_FCR_ENABLE_FIFO);
        outb(UART_IER, UART_IER_RLSI | UART_IER_RDI);
        outb(UART_MCR, UART_MCR_LOOP);
        for (int i = 0; i < 20; i++) outb(UART_TX, i);
        assertEquals(UART_IIR_FIFO_ENABLED | UART_IIR_RLSI, in(UART_IIR));
        assertEquals(UART_LSR_OE, in(UART_LSR) & UART_LSR_OE);
        assertEquals(0, in(UART_LSR) & UART_LSR_OE, "OE clears on LSR read");
        for (int i = 0; i < 16; i++) assertEquals(i, in(UART_RX));
    }

    @Test
    void modemStatusDeltasReportChangesAndClearOnRead() {
        outb(UART_MCR, UART_MCR_LOOP | UART_MCR_OUT1);
        int msr = in(UART_MSR);
        assertEquals(UART_MSR_RI, msr & 0xf0);
        assertEquals(UART_MSR_DCTS | UART_MSR_DDSR | UART_MSR_DDCD, msr & 0x0f, "all host lines dropped");
        assertEquals(0, in(UART_MSR) & 0x0f);
        outb(UART_MCR, UART_MCR_LOOP);
        assertEquals(UART_MSR_TERI, in(UART_MSR) & 0x0f, "RI trailing edge");
    }

    @Test
    void modemStatusInterruptHasLowestPriority() {
        outb(UART_MCR, UART_MCR_LOOP | UART_MCR_RTS);
        outb(UART_IER, UART_IER_MSI | UART_IER_THRI);
        assertEquals(UART_IIR_THRI, in(UART_IIR));
        assertEquals(UART_IIR_MSI, in(UART_IIR));
        in(UART_MSR);
        assertEquals(UART_IIR_NO_INT, in(UART_IIR));
    }

    @Test
    void receiveFillsFifoAndRaisesRxInterrupt() throws InterruptedException {
        outb(UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_R_TRIG_01);
        outb(UART_MCR, UART_MCR_OUT2);
        outb(UART_IER, UART_IER_RDI);
        uart.receive(new byte[] {'a'});
        assertTrue(irq.level());
        assertEquals(UART_IIR_FIFO_ENABLED | UART_IIR_RX_TIMEOUT, in(UART_IIR), "below the trigger of 4");
        uart.receive("bcd".getBytes());
        assertEquals(UART_IIR_FIFO_ENABLED | UART_IIR_RDI, in(UART_IIR));
        StringBuilder got = new StringBuilder();
        while ((in(UART_LSR) & UART_LSR_DR) != 0) got.append((char) in(UART_RX));
        assertEquals("abcd", got.toString());
        assertFalse(irq.level());
        assertEquals(4, uart.receivedBytes());
    }

    @Test
    void receiveWaitsForRoomInsteadOfDropping() throws Exception {
        outb(UART_FCR, UART_FCR_ENABLE_FIFO);
        byte[] data = new byte[40];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        CountDownLatch done = new CountDownLatch(1);
        Thread pump = new Thread(() -> {
            try {
                uart.receive(data);
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pump.start();
        assertFalse(done.await(100, TimeUnit.MILLISECONDS), "FIFO full: the pump must wait");
        for (int i = 0; i < data.length; i++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((in(UART_LSR) & UART_LSR_DR) == 0) {
                assertTrue(System.nanoTime() < deadline, "byte " + i + " never arrived");
                Thread.onSpinWait();
            }
            assertEquals(i, in(UART_RX));
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(0, in(UART_LSR) & UART_LSR_OE, "no overrun");
    }

    @Test
    void fifoDisabledHoldsOneByte() throws Exception {
        uart.receive(new byte[] {'z'});
        Thread pump = new Thread(() -> {
            try {
                uart.receive(new byte[] {'y'});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pump.start();
        pump.join(100);
        assertTrue(pump.isAlive(), "16450 mode: one-byte holding register is full");
        assertEquals('z', in(UART_RX));
        pump.join(5000);
        assertEquals('y', in(UART_RX));
    }

    @Test
    void fcrClearRcvrEmptiesTheFifo() throws InterruptedException {
        outb(UART_FCR, UART_FCR_ENABLE_FIFO);
        uart.receive("abc".getBytes());
        outb(UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR);
        assertEquals(0, in(UART_LSR) & UART_LSR_DR);
    }

    @Test
    void wideAccessIsSplitIntoByteCycles() {
        outb(UART_LCR, UART_LCR_DLAB);
        uart.write(UART_DLL, 2, 0x0201);
        assertEquals(0x0201, uart.read(UART_DLL, 2));
    }

    @Test
    void sinkFailureStopsOutputWithoutTroublingTheGuest() {
        IOException broken = new IOException("Broken pipe");
        Uart16550 u = new Uart16550("u", irq, new OutputStream() {
            @Override public void write(int b) throws IOException { throw broken; }
        });
        u.write(UART_TX, 1, 'a');
        u.write(UART_TX, 1, 'b');
        assertSame(broken, u.sinkFailure());
        assertEquals(0, u.transmittedBytes());
        assertEquals(UART_LSR_THRE | UART_LSR_TEMT, u.read(UART_LSR, 1));
    }

    @Test
    void resetReturnsToPowerOnAndLowersIrq() {
        outb(UART_MCR, UART_MCR_OUT2);
        outb(UART_IER, UART_IER_THRI);
        assertTrue(irq.level());
        uart.reset();
        assertFalse(irq.level());
        assertEquals(0, in(UART_IER));
        assertEquals(UART_IIR_NO_INT, in(UART_IIR));
    }
}

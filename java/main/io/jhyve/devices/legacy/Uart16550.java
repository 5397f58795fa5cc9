package io.jhyve.devices.legacy;

import static io.jhyve.devices.legacy.UartRegisters.*;

import io.jhyve.devices.IrqLine;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A PC16550D UART at a PC COM port, modelled as Linux's 8250 driver probes and drives it
 * (drivers/tty/serial/8250/8250_port.c: {@code autoconfig()}, {@code serial8250_do_startup()}).
 *
 * <p>Contract:
 * <ul>
 *   <li>The line runs at infinite speed: a byte written to THR leaves at once, so LSR always shows
 *       THRE|TEMT and the THRE interrupt re-arms after every write. The divisor latch and LCR are
 *       stored and read back but do not pace anything.</li>
 *   <li>Transmitted bytes go to {@code sink} one {@code write(int)} at a time on the vCPU thread; the
 *       sink must not block for long (see {@code io.jhyve.console.AsyncOutputStream}). If it throws,
 *       output is dropped from then on and {@link #sinkFailure()} says why; the guest never notices.</li>
 *   <li>Host input arrives through {@link #receive(byte[])}, which blocks while the 16-byte receive
 *       FIFO (1 byte in 16450 mode) is full or the UART is in loopback mode: input is held back,
 *       never dropped.</li>
 *   <li>The interrupt line follows INTR gated by MCR OUT2, as PC boards wire it (the OUT2 pin enables
 *       the IRQ driver onto the ISA bus; Linux sets TIOCM_OUT2 in {@code serial8250_do_startup()}
 *       for exactly this reason). In loopback mode the datasheet forces the OUT pins inactive, so the
 *       IRQ is gated off too.</li>
 *   <li>Thread-safe: vCPU threads and the input pump may call in concurrently.</li>
 * </ul>
 */
public final class Uart16550 implements ByteWideDevice {
    /** The first PC serial port's base and ISA IRQ (IBM PC AT Technical Reference). */
    public static final int COM1_PORT = 0x3f8;
    public static final int COM1_IRQ = 4;

    /** Receive FIFO depth of a 16550A (datasheet section 8.5, "FIFO Control Register"). */
    public static final int FIFO_DEPTH = 16;

    /** The line states a host terminal presents when not in loopback: carrier, data set ready, clear to send. */
    static final int HOST_MODEM_LINES = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;

    /** Divisor 12 = 9600 baud from the PC's 1.8432 MHz crystal; the state firmware leaves behind. */
    static final int POWER_ON_DIVISOR = 12;

    private static final int[] TRIGGER_LEVELS = {1, 4, 8, 14};

    private final String name;
    private final IrqLine irq;
    private final OutputStream sink;

    private final ByteFifo rx = new ByteFifo(FIFO_DEPTH);
    private int ier;
    private int lcr;
    private int mcr;
    private int scr;
    private int divisor = POWER_ON_DIVISOR;
    private boolean fifoEnabled;
    private int rxTrigger = 1;
    private int lineErrors;           // sticky LSR error bits, cleared by reading LSR
    private int modemLines = HOST_MODEM_LINES;
    private int modemDeltas;          // MSR low nibble, cleared by reading MSR
    private boolean thrEmptyPending;  // the THRE interrupt source (datasheet table 4)
    private boolean irqLevel;

    private long transmitted;
    private long received;
    private IOException sinkFailure;

    /**
     * @param name a stable name for reports, e.g. "uart16550@0x3f8"
     * @param irq the line this UART's INTR drives (IRQ 4 for COM1)
     * @param sink where transmitted bytes go
     */
    public Uart16550(String name, IrqLine irq, OutputStream sink) {
        this.name = name;
        this.irq = irq;
        this.sink = sink;
    }

    @Override
    public String name() { return name; }

    @Override
    public synchronized int readByte(int offset) {
        boolean dlab = (lcr & UART_LCR_DLAB) != 0;
        return switch (offset) {
            case UART_RX -> dlab ? divisor & 0xff : readReceiveBuffer();
            case UART_IER -> dlab ? divisor >>> 8 : ier;
            case UART_IIR -> readInterruptIdentification();
            case UART_LCR -> lcr;
            case UART_MCR -> mcr;
            case UART_LSR -> readLineStatus();
            case UART_MSR -> readModemStatus();
            case UART_SCR -> scr;
            default -> 0xff;
        };
    }

    @Override
    public synchronized void writeByte(int offset, int value) {
        boolean dlab = (lcr & UART_LCR_DLAB) != 0;
        switch (offset) {
            case UART_TX -> {
                if (dlab) divisor = (divisor & 0xff00) | value;
                else transmit(value);
            }
            case UART_IER -> {
                if (dlab) divisor = (divisor & 0x00ff) | (value << 8);
                else writeInterruptEnable(value);
            }
            case UART_FCR -> writeFifoControl(value);
            case UART_LCR -> lcr = value;
            case UART_MCR -> writeModemControl(value);
            case UART_SCR -> scr = value;
            default -> { }  // LSR and MSR are read-only; writes to them have no effect on a 16550
        }
        updateIrq();
    }

    /**
     * Queues host input for the guest, waiting while the receive FIFO is full or the UART is in
     * loopback (the datasheet disconnects the serial input then). Returns once every byte is queued.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting; bytes queued
     *     before that stay queued
     */
    public synchronized void receive(byte[] data) throws InterruptedException {
        int i = 0;
        while (i < data.length) {
            while (rx.size() >= rxCapacity() || loopback()) wait();
            while (i < data.length && rx.size() < rxCapacity()) {
                rx.offer(data[i++] & 0xff);
                received++;
            }
            updateIrq();
        }
    }

    /** Bytes sent to the sink so far. */
    public synchronized long transmittedBytes() { return transmitted; }

    /** Bytes of host input handed to the guest's receive FIFO so far. */
    public synchronized long receivedBytes() { return received; }

    /** Why output stopped, or null while the sink works. */
    public synchronized IOException sinkFailure() { return sinkFailure; }

    @Override
    public synchronized void reset() {
        rx.clear();
        ier = 0;
        lcr = 0;
        mcr = 0;
        scr = 0;
        divisor = POWER_ON_DIVISOR;
        fifoEnabled = false;
        rxTrigger = 1;
        lineErrors = 0;
        modemLines = HOST_MODEM_LINES;
        modemDeltas = 0;
        thrEmptyPending = false;
        updateIrq();
        notifyAll();
    }

    private boolean loopback() { return (mcr & UART_MCR_LOOP) != 0; }

    private int rxCapacity() { return fifoEnabled ? FIFO_DEPTH : 1; }

    private int readReceiveBuffer() {
        if (rx.isEmpty()) return 0;
        int b = rx.poll();
        notifyAll();  // room for the input pump
        updateIrq();
        return b;
    }

    /** Datasheet table 4: reading IIR while it reports THRE is one of the two ways to clear it. */
    private int readInterruptIdentification() {
        int id = pendingInterrupt();
        if (id == UART_IIR_THRI) {
            thrEmptyPending = false;
            updateIrq();
        }
        return id | (fifoEnabled ? UART_IIR_FIFO_ENABLED : 0);
    }

    private int readLineStatus() {
        int lsr = UART_LSR_THRE | UART_LSR_TEMT | lineErrors;
        if (!rx.isEmpty()) lsr |= UART_LSR_DR;
        lineErrors = 0;  // OE/PE/FE/BI clear on read
        updateIrq();
        return lsr;
    }

    private int readModemStatus() {
        int msr = modemLines | modemDeltas;
        modemDeltas = 0;
        updateIrq();
        return msr;
    }

    /**
     * Enabling ETBEI while THR is empty raises THRE at once: a real 16550 re-asserts it then, and
     * Linux's startup THRE test ({@code UART_BUG_THRE}) and TX-enable test ({@code UART_BUG_TXEN})
     * both expect it.
     */
    private void writeInterruptEnable(int value) {
        int enabled = value & UART_IER_MASK & ~ier;
        ier = value & UART_IER_MASK;
        if ((enabled & UART_IER_THRI) != 0) thrEmptyPending = true;
    }

    /** Changing FCR0 clears the FIFOs; the other bits only take effect with FCR0 set (datasheet 8.5). */
    private void writeFifoControl(int value) {
        boolean enable = (value & UART_FCR_ENABLE_FIFO) != 0;
        if (enable != fifoEnabled) rx.clear();
        fifoEnabled = enable;
        if (enable) {
            if ((value & UART_FCR_CLEAR_RCVR) != 0) rx.clear();
            rxTrigger = TRIGGER_LEVELS[(value & UART_FCR_TRIGGER_MASK) >>> 6];
        }
        notifyAll();
    }

    private void writeModemControl(int value) {
        mcr = value & UART_MCR_MASK;
        setModemLines(loopback() ? loopedBackLines(mcr) : HOST_MODEM_LINES);
        notifyAll();  // leaving loopback reconnects the input pump
    }

    /** Datasheet 8.6, loopback: DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD. */
    private static int loopedBackLines(int mcr) {
        int lines = 0;
        if ((mcr & UART_MCR_DTR) != 0) lines |= UART_MSR_DSR;
        if ((mcr & UART_MCR_RTS) != 0) lines |= UART_MSR_CTS;
        if ((mcr & UART_MCR_OUT1) != 0) lines |= UART_MSR_RI;
        if ((mcr & UART_MCR_OUT2) != 0) lines |= UART_MSR_DCD;
        return lines;
    }

    private void setModemLines(int lines) {
        int changed = lines ^ modemLines;
        if ((changed & UART_MSR_CTS) != 0) modemDeltas |= UART_MSR_DCTS;
        if ((changed & UART_MSR_DSR) != 0) modemDeltas |= UART_MSR_DDSR;
        if ((changed & UART_MSR_DCD) != 0) modemDeltas |= UART_MSR_DDCD;
        if ((changed & modemLines & UART_MSR_RI) != 0) modemDeltas |= UART_MSR_TERI;  // trailing edge only
        modemLines = lines;
    }

    /**
     * Sends one byte. In loopback it lands in our own receive FIFO instead, and a full FIFO overruns
     * (OE) as the datasheet says; Linux's {@code size_fifo()} relies on that to count the FIFO depth.
     */
    private void transmit(int b) {
        if (loopback()) {
            if (!rx.offer(b)) lineErrors |= UART_LSR_OE;
        } else if (sinkFailure == null) {
            try {
                sink.write(b);
                transmitted++;
            } catch (IOException e) {
                sinkFailure = e;
            }
        }
        thrEmptyPending = true;  // writing THR clears THRE, and the infinitely fast line empties it again
    }

    /** Datasheet table 4, highest priority first. */
    private int pendingInterrupt() {
        if ((ier & UART_IER_RLSI) != 0 && lineErrors != 0) return UART_IIR_RLSI;
        if ((ier & UART_IER_RDI) != 0 && !rx.isEmpty()) {
            // Below the trigger level a real UART reports a character timeout once the line has been
            // idle for four character times; with no line timing here, the line is always idle.
            return fifoEnabled && rx.size() < rxTrigger ? UART_IIR_RX_TIMEOUT : UART_IIR_RDI;
        }
        if ((ier & UART_IER_THRI) != 0 && thrEmptyPending) return UART_IIR_THRI;
        if ((ier & UART_IER_MSI) != 0 && modemDeltas != 0) return UART_IIR_MSI;
        return UART_IIR_NO_INT;
    }

    private void updateIrq() {
        boolean gated = (mcr & UART_MCR_OUT2) != 0 && !loopback();
        boolean level = gated && pendingInterrupt() != UART_IIR_NO_INT;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}

package io.jhyve.devices.legacy;

/**
 * Register offsets and bits of the PC16550D UART (National Semiconductor datasheet, "Register
 * Description" tables 2 and 3), spelled the way Linux's uapi serial_reg.h names them so that a reader
 * can put the 8250 driver beside {@link Uart16550} and match every access.
 */
public final class UartRegisters {
    private UartRegisters() { }

    /** Number of byte registers a 16550 decodes (address lines A0..A2). */
    public static final int UART_REGISTER_COUNT = 8;

    // Offsets. DLAB = LCR bit 7 switches offsets 0 and 1 to the divisor latch.
    public static final int UART_RX = 0;   // receiver buffer (read, DLAB=0)
    public static final int UART_TX = 0;   // transmitter holding (write, DLAB=0)
    public static final int UART_DLL = 0;  // divisor latch LSB (DLAB=1)
    public static final int UART_IER = 1;  // interrupt enable (DLAB=0)
    public static final int UART_DLM = 1;  // divisor latch MSB (DLAB=1)
    public static final int UART_IIR = 2;  // interrupt identification (read)
    public static final int UART_FCR = 2;  // FIFO control (write)
    public static final int UART_LCR = 3;  // line control
    public static final int UART_MCR = 4;  // modem control
    public static final int UART_LSR = 5;  // line status
    public static final int UART_MSR = 6;  // modem status
    public static final int UART_SCR = 7;  // scratch

    // IER: only the low nibble exists on a 16550A; the rest reads as zero.
    public static final int UART_IER_RDI = 0x01;   // received data available
    public static final int UART_IER_THRI = 0x02;  // transmitter holding register empty
    public static final int UART_IER_RLSI = 0x04;  // receiver line status
    public static final int UART_IER_MSI = 0x08;   // modem status
    public static final int UART_IER_MASK = 0x0f;

    // IIR: bit 0 clear = interrupt pending; bits 1-3 identify the highest-priority source.
    public static final int UART_IIR_NO_INT = 0x01;
    public static final int UART_IIR_ID = 0x0e;
    public static final int UART_IIR_MSI = 0x00;
    public static final int UART_IIR_THRI = 0x02;
    public static final int UART_IIR_RDI = 0x04;
    public static final int UART_IIR_RLSI = 0x06;
    public static final int UART_IIR_RX_TIMEOUT = 0x0c;
    public static final int UART_IIR_FIFO_ENABLED = 0xc0;  // both bits set: a working 16550A FIFO

    // FCR (write only).
    public static final int UART_FCR_ENABLE_FIFO = 0x01;
    public static final int UART_FCR_CLEAR_RCVR = 0x02;
    public static final int UART_FCR_CLEAR_XMIT = 0x04;
    public static final int UART_FCR_DMA_SELECT = 0x08;
    public static final int UART_FCR_TRIGGER_MASK = 0xc0;
    public static final int UART_FCR_R_TRIG_00 = 0x00;  // 1 byte
    public static final int UART_FCR_R_TRIG_01 = 0x40;  // 4 bytes
    public static final int UART_FCR_R_TRIG_10 = 0x80;  // 8 bytes
    public static final int UART_FCR_R_TRIG_11 = 0xc0;  // 14 bytes

    // LCR.
    public static final int UART_LCR_DLAB = 0x80;
    public static final int UART_LCR_SBC = 0x40;
    public static final int UART_LCR_WLEN8 = 0x03;
    public static final int UART_LCR_CONF_MODE_A = UART_LCR_DLAB;
    public static final int UART_LCR_CONF_MODE_B = 0xbf;

    // MCR: bits 5-7 do not exist on a 16550A and read as zero.
    public static final int UART_MCR_DTR = 0x01;
    public static final int UART_MCR_RTS = 0x02;
    public static final int UART_MCR_OUT1 = 0x04;
    public static final int UART_MCR_OUT2 = 0x08;
    public static final int UART_MCR_LOOP = 0x10;
    public static final int UART_MCR_MASK = 0x1f;

    // LSR.
    public static final int UART_LSR_DR = 0x01;
    public static final int UART_LSR_OE = 0x02;
    public static final int UART_LSR_PE = 0x04;
    public static final int UART_LSR_FE = 0x08;
    public static final int UART_LSR_BI = 0x10;
    public static final int UART_LSR_THRE = 0x20;
    public static final int UART_LSR_TEMT = 0x40;
    public static final int UART_LSR_FIFOE = 0x80;
    public static final int UART_LSR_BRK_ERROR_BITS = UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI;

    // MSR: high nibble = line states, low nibble = changes since the last MSR read.
    public static final int UART_MSR_DCTS = 0x01;
    public static final int UART_MSR_DDSR = 0x02;
    public static final int UART_MSR_TERI = 0x04;
    public static final int UART_MSR_DDCD = 0x08;
    public static final int UART_MSR_CTS = 0x10;
    public static final int UART_MSR_DSR = 0x20;
    public static final int UART_MSR_RI = 0x40;
    public static final int UART_MSR_DCD = 0x80;
}

package io.jhyve.devices.legacy;

import static io.jhyve.devices.legacy.UartRegisters.*;

import io.jhyve.devices.BusDevice;

/**
 * The register accesses Linux's 8250 driver makes to decide what UART it has
 * (drivers/tty/serial/8250/8250_port.c, autoconfig(), autoconfig_16550a(), size_fifo()), restated
 * as a test oracle: each decision point returns the type name Linux would settle on.
 */
final class LinuxAutoconfig {
    private static final int UART_EFR = 2;       // shares the IIR/FCR offset on EFR-capable parts
    private static final int UART_FCR7_64BYTE = 0x20;
    private static final int UART_IER_UUE = 0x40;

    private LinuxAutoconfig() { }

    private static int in(BusDevice d, int reg) { return (int) d.read(reg, 1) & 0xff; }

    private static void out(BusDevice d, int reg, int v) { d.write(reg, 1, v); }

    static String identify(BusDevice d) {
        int scratch = in(d, UART_IER);
        out(d, UART_IER, 0);
        int scratch2 = in(d, UART_IER) & 0x0f;
        out(d, UART_IER, 0x0f);
        int scratch3 = in(d, UART_IER) & 0x0f;
        out(d, UART_IER, scratch);
        if (scratch2 != 0 || scratch3 != 0x0f) return "none (IER test)";

        int saveMcr = in(d, UART_MCR);
        int saveLcr = in(d, UART_LCR);
        out(d, UART_MCR, UART_MCR_LOOP | 0x0a);
        int status1 = in(d, UART_MSR) & 0xf0;
        out(d, UART_MCR, saveMcr);
        if (status1 != 0x90) return "none (LOOP test)";

        out(d, UART_LCR, UART_LCR_CONF_MODE_B);
        out(d, UART_EFR, 0);
        out(d, UART_LCR, 0);
        out(d, UART_FCR, UART_FCR_ENABLE_FIFO);
        String type = switch (in(d, UART_IIR) >> 6) {
            case 0 -> "8250/16450";
            case 1 -> "unknown";
            case 2 -> "16550";
            default -> identify16550a(d);
        };
        out(d, UART_LCR, saveLcr);
        out(d, UART_MCR, saveMcr);
        out(d, UART_FCR, UART_FCR_ENABLE_FIFO);
        out(d, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
        out(d, UART_FCR, 0);
        in(d, UART_RX);
        out(d, UART_IER, 0);
        return type;
    }

    private static String identify16550a(BusDevice d) {
        out(d, UART_LCR, UART_LCR_CONF_MODE_A);
        if (in(d, UART_EFR) == 0) return "ST16650 family (EFR under DLAB)";
        out(d, UART_LCR, UART_LCR_CONF_MODE_B);
        if (in(d, UART_EFR) == 0) return "EFR-capable (EFRv2)";

        out(d, UART_LCR, 0);
        int mcr = in(d, UART_MCR);
        out(d, UART_LCR, 0xe0);
        int excr1 = in(d, 0x02);
        if (((excr1 ^ mcr) & UART_MCR_LOOP) == 0) {
            out(d, UART_LCR, 0);
            out(d, UART_MCR, mcr ^ UART_MCR_LOOP);
            out(d, UART_LCR, 0xe0);
            excr1 = in(d, 0x02);
            out(d, UART_LCR, 0);
            out(d, UART_MCR, mcr);
            if (((excr1 ^ mcr) & UART_MCR_LOOP) != 0) return "NS16550A (SuperIO)";
        }

        out(d, UART_LCR, 0);
        out(d, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR7_64BYTE);
        int iir1 = in(d, UART_IIR) >> 5;
        out(d, UART_FCR, UART_FCR_ENABLE_FIFO);
        out(d, UART_LCR, UART_LCR_CONF_MODE_A);
        out(d, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR7_64BYTE);
        int iir2 = in(d, UART_IIR) >> 5;
        out(d, UART_FCR, UART_FCR_ENABLE_FIFO);
        out(d, UART_LCR, 0);
        if (iir1 == 6 && iir2 == 7) return "TI16750";

        int ierSave = in(d, UART_IER);
        out(d, UART_IER, ierSave & ~UART_IER_UUE);
        if ((in(d, UART_IER) & UART_IER_UUE) == 0) {
            out(d, UART_IER, ierSave | UART_IER_UUE);
            if ((in(d, UART_IER) & UART_IER_UUE) != 0) return "XScale";
        }
        out(d, UART_IER, ierSave);
        return sizeFifo(d) == 64 ? "U6_16550A" : "16550A";
    }

    /** Loopback at divisor 1, send 256 bytes, count what the receive FIFO kept. */
    static int sizeFifo(BusDevice d) {
        int oldLcr = in(d, UART_LCR);
        out(d, UART_LCR, 0);
        int oldFcr = in(d, UART_FCR);  // really IIR: FCR is write-only, as the driver knows
        int oldMcr = in(d, UART_MCR);
        out(d, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
        out(d, UART_MCR, UART_MCR_LOOP);
        out(d, UART_LCR, UART_LCR_CONF_MODE_A);
        int oldDl = in(d, UART_DLL) | in(d, UART_DLM) << 8;
        out(d, UART_DLL, 1);
        out(d, UART_DLM, 0);
        out(d, UART_LCR, 0x03);
        for (int i = 0; i < 256; i++) out(d, UART_TX, i);
        int count = 0;
        while ((in(d, UART_LSR) & UART_LSR_DR) != 0 && count < 256) {
            in(d, UART_RX);
            count++;
        }
        out(d, UART_FCR, oldFcr);
        out(d, UART_MCR, oldMcr);
        out(d, UART_LCR, UART_LCR_CONF_MODE_A);
        out(d, UART_DLL, oldDl & 0xff);
        out(d, UART_DLM, oldDl >> 8);
        out(d, UART_LCR, oldLcr);
        return count;
    }
}

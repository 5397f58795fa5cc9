/* 16550A UART registers and bits (National Semiconductor PC16550D datasheet). */
#ifndef GUEST_UART_H
#define GUEST_UART_H

#define COM1_BASE	0x3f8
#define COM1_IRQ	4

/* Register offsets; DLL/DLM replace RBR/THR and IER while LCR.DLAB is set. */
#define UART_RBR	0
#define UART_THR	0
#define UART_DLL	0
#define UART_IER	1
#define UART_DLM	1
#define UART_IIR	2	/* read */
#define UART_FCR	2	/* write */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define UART_IER_ERBFI	0x01	/* received data available */
#define UART_IER_ETBEI	0x02	/* transmitter holding register empty */
#define UART_IER_ELSI	0x04	/* receiver line status */
#define UART_IER_EDSSI	0x08	/* modem status */

#define UART_IIR_NO_INT	0x01	/* bit 0 set: no interrupt pending */
#define UART_IIR_ID	0x0e	/* interrupt identification, bits 3:1 */
#define UART_IIR_RLS	0x06
#define UART_IIR_RDA	0x04
#define UART_IIR_CTI	0x0c	/* character timeout (FIFO mode) */
#define UART_IIR_THRE	0x02
#define UART_IIR_MSR	0x00
#define UART_IIR_FIFO	0xc0	/* both set: FIFOs enabled (16550A) */
#define UART_IIR_64BYTE	0x20	/* 16750 only */

#define UART_FCR_ENABLE	0x01
#define UART_FCR_CLEAR_RCVR 0x02
#define UART_FCR_CLEAR_XMIT 0x04
#define UART_FCR_64BYTE	0x20	/* 16750 only */

#define UART_LCR_WLEN8	0x03
#define UART_LCR_DLAB	0x80
#define UART_LCR_CONF_MODE_B 0xbf	/* where 16650-class UARTs expose the EFR */

#define UART_MCR_DTR	0x01
#define UART_MCR_RTS	0x02
#define UART_MCR_OUT1	0x04
#define UART_MCR_OUT2	0x08	/* on a PC: gates the UART's interrupt to the PIC */
#define UART_MCR_LOOP	0x10

#define UART_LSR_DR	0x01
#define UART_LSR_THRE	0x20
#define UART_LSR_TEMT	0x40

#define UART_MSR_CTS	0x10
#define UART_MSR_DSR	0x20
#define UART_MSR_RI	0x40
#define UART_MSR_DCD	0x80

#define UART_IER_UUE	0x40	/* XScale UART unit enable; reads 0 on a 16550A */

#endif

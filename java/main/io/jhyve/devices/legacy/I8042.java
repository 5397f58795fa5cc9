package io.jhyve.devices.legacy;

import io.jhyve.devices.BusDevice;
import io.jhyve.devices.MachineControl;

/**
 * The PC keyboard controller (Intel 8042 as wired in the IBM PC/AT and PS/2), reduced to what a
 * Linux guest needs from it: the reset line, and a probe that ends quickly with no keyboard or
 * mouse found (drivers/input/serio/i8042.c).
 *
 * <p>It answers two ports that are not adjacent in the way the bus sees them, since 0x61 between
 * them is the PIT/speaker port KVM's in-kernel PIT owns. Attach {@link #dataPort()} at
 * {@code [0x60, 0x61)} and {@link #commandPort()} at {@code [0x64, 0x65)}; both views share one
 * controller state.
 *
 * <p>Behaviour:
 * <ul>
 *   <li>Every controller command is answered at once, so Linux's {@code i8042_command()} never
 *       spends its 500 ms timeout; IBF never shows.</li>
 *   <li>Command 0xFE (pulse output line 0, the CPU reset line) and an output-port write (0xD1)
 *       with bit 0 clear ask the machine to reset; that is Linux's {@code reboot=k} path.</li>
 *   <li>No auxiliary (mouse) channel: the AUX loopback command 0xD3 echoes its byte without the
 *       AUXDATA status bit, which {@code __i8042_command()} treats as an AUX error, and the AUX
 *       interface test 0xA9 reports the clock line stuck high; {@code i8042_check_aux()} then gives
 *       up without the 250 ms IRQ 12 delivery test and without a message.</li>
 *   <li>No keyboard: bytes written to the keyboard are dropped and nothing ever answers, and the
 *       controller has no IRQ 1, so atkbd's probe times out in the background serio thread and
 *       binds nothing.</li>
 * </ul>
 */
public final class I8042 {
    public static final int I8042_DATA_PORT = 0x60;
    public static final int I8042_COMMAND_PORT = 0x64;

    // Status register (read at 0x64).
    public static final int I8042_STR_OBF = 0x01;
    public static final int I8042_STR_IBF = 0x02;
    public static final int I8042_STR_SYSFLAG = 0x04;
    public static final int I8042_STR_CMDDAT = 0x08;
    public static final int I8042_STR_KEYLOCK = 0x10;  // set = keyboard not inhibited
    public static final int I8042_STR_AUXDATA = 0x20;
    public static final int I8042_STR_TIMEOUT = 0x40;

    // Controller configuration byte ("command byte", CTR).
    public static final int I8042_CTR_KBDINT = 0x01;
    public static final int I8042_CTR_AUXINT = 0x02;
    public static final int I8042_CTR_SYSFLAG = 0x04;
    public static final int I8042_CTR_KBDDIS = 0x10;
    public static final int I8042_CTR_AUXDIS = 0x20;
    public static final int I8042_CTR_XLATE = 0x40;

    // Controller commands (written to 0x64).
    public static final int I8042_CMD_CTL_RCTR = 0x20;
    public static final int I8042_CMD_CTL_WCTR = 0x60;
    public static final int I8042_CMD_AUX_DISABLE = 0xa7;
    public static final int I8042_CMD_AUX_ENABLE = 0xa8;
    public static final int I8042_CMD_AUX_TEST = 0xa9;
    public static final int I8042_CMD_CTL_TEST = 0xaa;
    public static final int I8042_CMD_KBD_TEST = 0xab;
    public static final int I8042_CMD_KBD_DISABLE = 0xad;
    public static final int I8042_CMD_KBD_ENABLE = 0xae;
    public static final int I8042_CMD_READ_OUTPUT_PORT = 0xd0;
    public static final int I8042_CMD_WRITE_OUTPUT_PORT = 0xd1;
    public static final int I8042_CMD_KBD_LOOP = 0xd2;
    public static final int I8042_CMD_AUX_LOOP = 0xd3;
    public static final int I8042_CMD_AUX_SEND = 0xd4;
    public static final int I8042_CMD_PULSE_RESET = 0xfe;

    public static final int I8042_RET_CTL_TEST = 0x55;
    /** AUX interface test result "clock line stuck high": what an unconnected, pulled-up port shows. */
    public static final int I8042_RET_AUX_CLOCK_HIGH = 0x02;

    /** What a PC BIOS leaves in the CTR with no PS/2 mouse: translation, system flag, KBD IRQ, AUX off. */
    static final int POWER_ON_CTR = I8042_CTR_XLATE | I8042_CTR_AUXDIS | I8042_CTR_SYSFLAG | I8042_CTR_KBDINT;
    /** Output port: bit 0 = CPU reset line released, bit 1 = A20 gate open. */
    static final int POWER_ON_OUTPUT_PORT = 0x03;
    private static final int OUTPUT_PORT_RESET_LINE = 0x01;

    private final MachineControl machine;
    private final BusDevice dataPort = new Port("i8042-data@0x60", true);
    private final BusDevice commandPort = new Port("i8042-command@0x64", false);

    private int ctr = POWER_ON_CTR;
    private int outputPort = POWER_ON_OUTPUT_PORT;
    private int outputBuffer = -1;   // -1: empty (OBF clear)
    private int lastData;            // what a read of an empty buffer returns
    private int pendingCommand = -1; // a command waiting for its data byte on 0x60
    private boolean lastWriteWasCommand;

    public I8042(MachineControl machine) {
        this.machine = machine;
    }

    /** The view to attach at port 0x60 (length 1). */
    public BusDevice dataPort() { return dataPort; }

    /** The view to attach at port 0x64 (length 1). */
    public BusDevice commandPort() { return commandPort; }

    synchronized int readStatus() {
        int status = I8042_STR_SYSFLAG | I8042_STR_KEYLOCK;
        if (outputBuffer >= 0) status |= I8042_STR_OBF;
        if (lastWriteWasCommand) status |= I8042_STR_CMDDAT;
        return status;
    }

    synchronized int readData() {
        if (outputBuffer >= 0) {
            lastData = outputBuffer;
            outputBuffer = -1;
        }
        return lastData;
    }

    synchronized void writeCommand(int command) {
        lastWriteWasCommand = true;
        pendingCommand = -1;
        switch (command) {
            case I8042_CMD_CTL_RCTR -> respond(ctr);
            case I8042_CMD_CTL_WCTR, I8042_CMD_WRITE_OUTPUT_PORT, I8042_CMD_KBD_LOOP, I8042_CMD_AUX_LOOP,
                    I8042_CMD_AUX_SEND -> pendingCommand = command;
            case I8042_CMD_AUX_DISABLE -> ctr |= I8042_CTR_AUXDIS;
            case I8042_CMD_AUX_ENABLE -> ctr &= ~I8042_CTR_AUXDIS;
            case I8042_CMD_AUX_TEST -> respond(I8042_RET_AUX_CLOCK_HIGH);
            case I8042_CMD_CTL_TEST -> respond(I8042_RET_CTL_TEST);
            case I8042_CMD_KBD_TEST -> respond(0x00);
            case I8042_CMD_KBD_DISABLE -> ctr |= I8042_CTR_KBDDIS;
            case I8042_CMD_KBD_ENABLE -> ctr &= ~I8042_CTR_KBDDIS;
            case I8042_CMD_READ_OUTPUT_PORT -> respond(outputPort);
            default -> {
                // 0xF0-0xFF pulse output-port lines whose bit is clear in the low nibble; line 0 is reset.
                if ((command & 0xf0) == 0xf0 && (command & OUTPUT_PORT_RESET_LINE) == 0) {
                    machine.requestReset(String.format("i8042 reset (command 0x%02X on port 0x64)", command));
                }
            }
        }
    }

    synchronized void writeData(int value) {
        lastWriteWasCommand = false;
        int command = pendingCommand;
        pendingCommand = -1;
        switch (command) {
            case I8042_CMD_CTL_WCTR -> ctr = value;
            case I8042_CMD_WRITE_OUTPUT_PORT -> {
                outputPort = value;
                if ((value & OUTPUT_PORT_RESET_LINE) == 0) {
                    machine.requestReset(String.format(
                            "i8042 reset (output port write 0x%02X: command 0xD1 on port 0x64)", value));
                }
            }
            // Both loop commands come back as keyboard data: there is no AUX channel to flag it with.
            case I8042_CMD_KBD_LOOP, I8042_CMD_AUX_LOOP -> respond(value);
            default -> { }  // to the absent keyboard (no pending command) or the absent mouse (0xD4)
        }
    }

    private void respond(int value) {
        outputBuffer = value & 0xff;
    }

    synchronized void reset() {
        ctr = POWER_ON_CTR;
        outputPort = POWER_ON_OUTPUT_PORT;
        outputBuffer = -1;
        lastData = 0;
        pendingCommand = -1;
        lastWriteWasCommand = false;
    }

    /** One of the two port views; offsets are always 0 since each is one byte wide. */
    private final class Port implements ByteWideDevice {
        private final String name;
        private final boolean data;

        Port(String name, boolean data) {
            this.name = name;
            this.data = data;
        }

        @Override
        public String name() { return name; }

        @Override
        public int readByte(int offset) {
            if (offset != 0) return 0xff;
            return data ? readData() : readStatus();
        }

        @Override
        public void writeByte(int offset, int value) {
            if (offset != 0) return;
            if (data) writeData(value);
            else writeCommand(value);
        }

        @Override
        public void reset() { I8042.this.reset(); }
    }
}

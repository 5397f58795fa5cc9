package io.jhyve.console;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.jna.Memory;
import io.jhyve.sys.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PtyTest {
    private static Pty openOrSkip() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/ptmx")), "no /dev/ptmx");
        return Pty.open();
    }

    @Test
    void bytesCrossBetweenMasterAndSlaveUntranslated() throws Exception {
        try (Pty pty = openOrSkip()) {
            assertTrue(pty.slavePath().startsWith("/dev/pts/"), pty.slavePath());
            int slave = LibC.open(pty.slavePath(), LibC.O_RDWR | LibC.O_NOCTTY);
            try {
                OutputStream master = pty.masterOutput();
                master.write("guest\n".getBytes());
                Memory buf = new Memory(64);
                long n = LibC.read(slave, buf, 64);
                assertEquals("guest\n", new String(buf.getByteArray(0, (int) n)), "raw: no CR added, no echo");

                buf.write(0, "key\r".getBytes(), 0, 4);
                LibC.write(slave, buf, 4);
                InputStream in = pty.masterInput();
                byte[] got = new byte[16];
                int m = in.read(got, 0, got.length);
                assertEquals("key\r", new String(got, 0, m));
            } finally {
                LibC.close(slave);
            }
        }
    }

    @Test
    void terminalModeRawAndRestoreOnAPty() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux"), "uses Linux's termios layout");
        try (Pty pty = openOrSkip()) {
            int slave = LibC.open(pty.slavePath(), LibC.O_RDWR | LibC.O_NOCTTY);
            try {
                Memory sane = new Memory(TerminalMode.TERMIOS_BUFFER_BYTES);
                sane.clear();
                LibC.tcgetattr(slave, sane);
                // Make the line cooked first so that raw mode is a visible change.
                Memory cooked = new Memory(TerminalMode.TERMIOS_BUFFER_BYTES);
                cooked.write(0, sane.getByteArray(0, TerminalMode.TERMIOS_BUFFER_BYTES), 0,
                        TerminalMode.TERMIOS_BUFFER_BYTES);
                cooked.setInt(12, cooked.getInt(12) | 0x2 | 0x8);  // c_lflag |= ICANON | ECHO (Linux)
                LibC.tcsetattr(slave, LibC.TCSANOW, cooked);
                byte[] before = termios(slave);

                TerminalMode mode = TerminalMode.rawIfTty(slave);
                assertTrue(mode.isRaw());
                assertEquals(0, termiosLflag(slave) & (0x2 | 0x8), "ICANON and ECHO off");
                mode.close();
                mode.close();
                assertFalse(mode.isRaw());
                assertArrayEquals(before, termios(slave));
            } finally {
                LibC.close(slave);
            }
        }
    }

    private static byte[] termios(int fd) {
        Memory m = new Memory(TerminalMode.TERMIOS_BUFFER_BYTES);
        m.clear();
        LibC.tcgetattr(fd, m);
        return m.getByteArray(0, 60);
    }

    private static int termiosLflag(int fd) {
        Memory m = new Memory(TerminalMode.TERMIOS_BUFFER_BYTES);
        LibC.tcgetattr(fd, m);
        return m.getInt(12);
    }

    @Test
    void notATerminalIsLeftAlone() throws IOException {
        Path f = Files.createTempFile("jhyve", ".txt");
        int fd = LibC.open(f.toString(), LibC.O_RDONLY);
        try (TerminalMode mode = TerminalMode.rawIfTty(fd)) {
            assertFalse(mode.isRaw());
        } finally {
            LibC.close(fd);
            Files.delete(f);
        }
    }
}

package io.jhyve.console;

import static org.junit.jupiter.api.Assertions.*;

import io.jhyve.config.SerialConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSinkTest {
    @TempDir
    Path dir;

    @Test
    void fileIsTruncatedAtStart() throws IOException {
        Path log = dir.resolve("console.log");
        Files.writeString(log, "previous boot\n");
        try (ConsoleSink sink = ConsoleSink.open(new SerialConfig.File(log))) {
            sink.output().write("new boot\n".getBytes());
            assertTrue(sink.input().isEmpty());
            assertFalse(sink.usesTerminal());
            assertEquals("serial console to file " + log, sink.description());
        }
        assertEquals("new boot\n", Files.readString(log));
    }

    @Test
    void unopenableFileNamesThePath() {
        Path bad = dir.resolve("missing-dir/console.log");
        IOException e = assertThrows(IOException.class, () -> ConsoleSink.open(new SerialConfig.File(bad)));
        assertTrue(e.getMessage().startsWith("cannot open console file \"" + bad + "\": "), e.getMessage());
    }

    @Test
    void stdioWritesThroughAndKeepsStdoutOpen() throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayInputStream stdin = new ByteArrayInputStream(new byte[0]);
        ConsoleSink sink = ConsoleSink.open(new SerialConfig.Stdio(), stdin, stdout);
        sink.output().write('x');
        sink.close();
        assertEquals("x", stdout.toString());
        assertSame(stdin, sink.input().orElseThrow());
        assertTrue(sink.usesTerminal());
    }

    @Test
    void noneSwallowsOutput() throws IOException {
        try (ConsoleSink sink = ConsoleSink.open(new SerialConfig.None())) {
            sink.output().write(new byte[100]);
            assertEquals("serial console disabled", sink.description());
            assertTrue(sink.input().isEmpty());
        }
    }
}

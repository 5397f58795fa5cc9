package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.diag.SilenceDetector;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The console watch: bytes pass unchanged; milestones, last line and silence are recorded. */
class ConsoleWatchTest {
    @Test
    void marksMilestonesOnceAndKeepsTheLastLine() throws Exception {
        BootTimeline timeline = new BootTimeline(null);
        AtomicLong clock = new AtomicLong();
        SilenceDetector silence = new SilenceDetector(5, clock::get);
        ConsoleWatch watch = new ConsoleWatch(timeline, silence, RunOptions.KERNEL_INIT_MARKER);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = watch.wrap(sink);
        String text = "Linux version 6.1\r\nRun /init as init process\r\n\u001b[1m/ # ";
        clock.set(4);
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        clock.set(8);
        assertEquals(text, sink.toString(StandardCharsets.ISO_8859_1), "bytes pass unchanged");
        assertEquals(new ConsoleFacts(text.length(), 2, "?[1m/ # ", true), watch.facts());
        List<String> marks = timeline.marks().stream().map(m -> m.replaceAll("^jhyve: +\\d+ ms  ", ""))
                .collect(Collectors.toList());
        assertEquals(List.of("first serial byte", "first line", "userspace started"), marks);
        assertTrue(!silence.expired(), "output 4 ns ago, timeout 5");
    }
}

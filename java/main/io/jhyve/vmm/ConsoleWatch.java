package io.jhyve.vmm;

import io.jhyve.diag.SilenceDetector;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Watches the bytes the guest writes to its console on their way to the sink: marks the first byte,
 * the first line and the userspace marker on the {@link BootTimeline}, feeds the
 * {@link SilenceDetector}, and keeps the last line for the verdict. It never changes the bytes.
 * Writes come from a vCPU thread; {@link #facts()} may be read from any thread.
 */
final class ConsoleWatch {
    private static final int LAST_LINE_MAX = 160;

    private final BootTimeline timeline;
    private final SilenceDetector silence;
    private final String userspaceMarker;
    private final StringBuilder line = new StringBuilder();
    private long bytes;
    private long lines;
    private String lastLine = "";
    private boolean userspaceStarted;

    /** @param userspaceMarker text whose appearance in a console line means userspace started */
    ConsoleWatch(BootTimeline timeline, SilenceDetector silence, String userspaceMarker) {
        this.timeline = timeline;
        this.silence = silence;
        this.userspaceMarker = userspaceMarker;
    }

    OutputStream wrap(OutputStream sink) {
        return new FilterOutputStream(sink) {
            @Override
            public void write(int b) throws IOException {
                observe(b);
                out.write(b);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) observe(buf[off + i]);
                out.write(buf, off, len);
            }
        };
    }

    synchronized void observe(int b) {
        silence.activity();
        if (bytes++ == 0) timeline.mark("first serial byte");
        char c = (char) (b & 0xff);
        if (c == '\n' || c == '\r') {
            if (line.length() > 0) endLine();
            return;
        }
        if (line.length() < LAST_LINE_MAX) line.append(c < 0x20 || c >= 0x7f ? '?' : c);
    }

    private void endLine() {
        if (lines++ == 0) timeline.mark("first line");
        lastLine = line.toString();
        line.setLength(0);
        if (!userspaceStarted && !userspaceMarker.isEmpty() && lastLine.contains(userspaceMarker)) {
            userspaceStarted = true;
            timeline.mark("userspace started");
        }
    }

    synchronized ConsoleFacts facts() {
        String last = line.length() > 0 ? line.toString() : lastLine;
        return new ConsoleFacts(bytes, lines, last, userspaceStarted);
    }
}

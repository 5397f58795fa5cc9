package io.jhyve.console;

import static org.junit.jupiter.api.Assertions.*;

import io.jhyve.console.EscapeFilter.Event;
import io.jhyve.console.EscapeFilter.Result;
import org.junit.jupiter.api.Test;

class EscapeFilterTest {
    private final EscapeFilter filter = new EscapeFilter();

    private Result run(String s) {
        byte[] b = s.getBytes();
        return filter.filter(b, 0, b.length);
    }

    @Test
    void plainBytesPassThrough() {
        Result r = run("ls -l\r");
        assertEquals("ls -l\r", new String(r.passOn()));
        assertEquals(Event.NONE, r.event());
        assertEquals(6, r.consumed());
    }

    @Test
    void ctrlAxQuitsAfterPassingWhatCameBefore() {
        Result r = run("ab\u0001xcd");
        assertEquals("ab", new String(r.passOn()));
        assertEquals(Event.QUIT, r.event());
        assertEquals(4, r.consumed());
    }

    @Test
    void ctrlAqPressesThePowerButton() {
        Result r = run("ab\u0001qcd");
        assertEquals("ab", new String(r.passOn()));
        assertEquals(Event.POWER_BUTTON, r.event());
        assertEquals(4, r.consumed());
    }

    @Test
    void ctrlAhAsksForHelpAndTheRestFollows() {
        byte[] in = "a\u0001hb".getBytes();
        Result r = filter.filter(in, 0, in.length);
        assertEquals(Event.HELP, r.event());
        assertEquals("a", new String(r.passOn()));
        Result rest = filter.filter(in, r.consumed(), in.length - r.consumed());
        assertEquals("b", new String(rest.passOn()));
        assertEquals(Event.NONE, rest.event());
    }

    @Test
    void doubleCtrlASendsOne() {
        assertArrayEquals(new byte[] {'a', 1, 'b'}, run("a\u0001\u0001b").passOn());
    }

    @Test
    void unknownCommandPassesBothBytes() {
        assertArrayEquals(new byte[] {1, 'z'}, run("\u0001z").passOn());
    }

    @Test
    void escapeSplitAcrossReads() {
        Result first = run("q\u0001");
        assertEquals("q", new String(first.passOn()));
        assertTrue(filter.escapePending());
        Result second = run("x");
        assertEquals(Event.QUIT, second.event());
        assertEquals(0, second.passOn().length);
    }

    @Test
    void helpTextUsesCrLf() {
        assertFalse(EscapeFilter.HELP_TEXT.replace("\r\n", "").contains("\n"));
    }
}

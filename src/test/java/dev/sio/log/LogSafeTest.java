package dev.sio.log;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LogSafeTest {

    @Test
    void plain_text_is_returned_as_it_is() {
        String plain = "/chat";
        assertSame(plain, LogSafe.text(plain));
        assertEquals("null", LogSafe.text(null));
        assertEquals("caf\u00e9 \u20ac", LogSafe.text("caf\u00e9 \u20ac"));
    }

    @Test
    void line_breaks_and_other_control_characters_are_escaped() {
        assertEquals("/x\\u000d\\u000a[SEVERE] forged", LogSafe.text("/x\r\n[SEVERE] forged"));
        assertEquals("a\\u0009b\\u0000c\\u001bd\\u2028e\\u0085f\\u007f", LogSafe.text("a\tb\u0000c\u001bd\u2028e\u0085f\u007f"));
    }

    @Test
    void a_backslash_is_doubled_so_input_cannot_pass_for_an_escape() {
        assertEquals("\\\\u000a", LogSafe.text("\\u000a"));
    }

    @Test
    void long_values_are_cut_with_a_marker_giving_the_full_length() {
        String namespace = "/" + "n".repeat(900_000);
        String safe = LogSafe.text(namespace);
        assertEquals(LogSafe.MAX_CHARS + "...(900001 chars)".length(), safe.length(), safe);
        assertTrue(safe.endsWith("...(900001 chars)"));
        assertEquals(LogSafe.MAX_CHARS, LogSafe.text("y".repeat(LogSafe.MAX_CHARS)).length());
    }

    @Test
    void a_cut_never_splits_a_surrogate_pair() {
        String text = "a".repeat(LogSafe.MAX_CHARS - 1) + "\ud83d\ude00" + "tail";
        String safe = LogSafe.text(text);
        assertFalse(Character.isHighSurrogate(safe.charAt(LogSafe.MAX_CHARS - 2)) && safe.charAt(LogSafe.MAX_CHARS - 1) == '.',
                safe);
        assertTrue(safe.startsWith("a".repeat(LogSafe.MAX_CHARS - 1) + "..."), safe);
    }

    @Test
    void a_throwable_keeps_its_class_and_stack_with_safe_messages() {
        IllegalArgumentException original = new IllegalArgumentException("bad value\n[SEVERE] forged",
                new NumberFormatException("For input string: \"1\r\n2\""));
        Throwable safe = LogSafe.throwable(original);

        StringWriter printed = new StringWriter();
        safe.printStackTrace(new PrintWriter(printed));
        String text = printed.toString();
        assertTrue(text.startsWith("java.lang.IllegalArgumentException: bad value\\u000a[SEVERE] forged"), text);
        assertTrue(text.contains("Caused by: java.lang.NumberFormatException: For input string: \"1\\u000d\\u000a2\""), text);
        assertFalse(text.contains("\n[SEVERE]"), text);
        assertEquals(original.getStackTrace()[0], safe.getStackTrace()[0]);
    }

    @Test
    void a_throwable_with_safe_messages_is_logged_as_it_is() {
        IllegalStateException original = new IllegalStateException("plain", new RuntimeException("also plain"));
        assertSame(original, LogSafe.throwable(original));
    }
}

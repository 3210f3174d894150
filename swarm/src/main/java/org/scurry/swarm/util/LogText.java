package org.scurry.swarm.util;

/**
 * A value from outside (a user name, a client id, a JID, a topic, a URL, a peer's address) made
 * safe to put in a log line: whoever chose it cannot start a new line, and so cannot forge an
 * entry that looks like the node's own. Every log call that carries outside input passes it
 * through {@link #of}.
 *
 * <p>Line breaks and other control characters (C0, DEL, C1, U+2028/U+2029) become {@code \n},
 * {@code \r}, {@code \t} or {@code \}{@code uXXXX}; a backslash becomes two, so an escape in the
 * log always means an escaped character. A value longer than {@value #MAX_CHARS} characters is cut
 * there and says how much was left out (an MQTT user name may be 65,535 bytes). Stateless,
 * thread-safe, never throws.
 */
public final class LogText {
    /** The longest part of a value that is logged. */
    public static final int MAX_CHARS = 200;

    private LogText() {}

    /** The value, escaped and cut to {@value #MAX_CHARS} characters; {@code "null"} for null. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        int end = Math.min(s.length(), MAX_CHARS);
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(end + 16).append(s, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        if (out == null && end == s.length()) {
            return s;
        }
        if (out == null) {
            out = new StringBuilder(end + 32).append(s, 0, end);
        }
        if (end < s.length()) {
            out.append("…(").append(s.length() - end).append(" more chars)");
        }
        return out.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            default:
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                    return String.format("\\u%04X", (int) c);
                }
                return null;
        }
    }
}

package org.scurry.bridges.feeds;

/**
 * Text rules for feed documents.
 *
 * <ul>
 *   <li>{@link #xmlSafe}: XML 1.0 (§2.2) forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF;
 *       XML cannot carry them even escaped. Each such character becomes U+FFFD (the replacement
 *       character), so a reader sees that something was there. The discouraged C1 controls and DEL
 *       get the same treatment. Tab, line feed and carriage return stay. Everything else, emoji
 *       included, passes through unchanged; escaping {@code < & >} is left to the XML writer.
 *   <li>{@link #title}: the first non-blank line of a post, trimmed, cut to {@link #TITLE_MAX}
 *       code points with an ellipsis. Cuts never split a surrogate pair.
 *   <li>{@link #htmlEscaped}: for RSS {@code <description>}, which readers treat as HTML, the text
 *       is HTML-escaped first so that {@code <script>} shows as text; line breaks become {@code
 *       <br/>}.
 * </ul>
 */
public final class FeedText {
    /** Longest title in code points, the ellipsis included. */
    public static final int TITLE_MAX = 80;

    private static final char REPLACEMENT = '\uFFFD';
    private static final String ELLIPSIS = "…";

    private FeedText() {}

    /** {@code text} with every character XML 1.0 cannot carry (or discourages) replaced by U+FFFD. */
    public static String xmlSafe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok;
            int width = 1;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                width = ok ? 2 : 1;
            } else if (Character.isLowSurrogate(c)) {
                ok = false;
            } else {
                ok = allowed(c);
            }
            if (!ok && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (ok) {
                    out.append(text, i, i + width);
                } else {
                    out.append(REPLACEMENT);
                }
            }
            i += width - 1;
        }
        return out == null ? text : out.toString();
    }

    private static boolean allowed(char c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            return false;
        }
        return c != '\uFFFE' && c != '\uFFFF';
    }

    /**
     * A title for a post: its first non-blank line, trimmed and made XML-safe, at most {@link
     * #TITLE_MAX} code points (the last being an ellipsis when cut). Empty for blank text.
     */
    public static String title(String text) {
        String safe = xmlSafe(text == null ? "" : text);
        String line = "";
        for (String l : safe.split("\\R", -1)) {
            if (!l.isBlank()) {
                line = l.strip();
                break;
            }
        }
        int points = line.codePointCount(0, line.length());
        if (points <= TITLE_MAX) {
            return line;
        }
        int end = line.offsetByCodePoints(0, TITLE_MAX - 1);
        return line.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /**
     * {@code text} made XML-safe, then HTML-escaped ({@code & < > " '}), with each line break turned
     * into {@code <br/>}: HTML that shows the text as written and runs nothing.
     */
    public static String htmlEscaped(String text) {
        String safe = xmlSafe(text);
        StringBuilder out = new StringBuilder(safe.length() + 16);
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\r' -> {
                    if (i + 1 < safe.length() && safe.charAt(i + 1) == '\n') {
                        i++;
                    }
                    out.append("<br/>\n");
                }
                case '\n' -> out.append("<br/>\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

package org.scurry.bridges.search;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of search results ended: the last post's author timestamp and store position, as
 * {@code TIMESTAMP-POSITION}. The next page starts strictly after it in newest-first order, so
 * posts indexed meanwhile neither repeat nor shift the pages.
 */
public record SearchCursor(long timestamp, long position) {
    private static final Pattern FORM = Pattern.compile("(-?\\d{1,19})-(\\d{1,19})");

    /** Reads {@link #toString()}'s form; throws IllegalArgumentException with the text otherwise. */
    public static SearchCursor parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (m.matches()) {
            try {
                return new SearchCursor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            } catch (NumberFormatException e) {
                // out of range: reported below
            }
        }
        throw new IllegalArgumentException(
                "before must be the \"next\" of a previous search answer (TIMESTAMP-POSITION): " + text);
    }

    @Override
    public String toString() {
        return timestamp + "-" + position;
    }
}

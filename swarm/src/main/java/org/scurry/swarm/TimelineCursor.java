package org.scurry.swarm;

/**
 * A position in a timeline: the author timestamp and the store's arrival number of the last entry
 * seen. Text form {@code TIMESTAMP-ARRIVAL}, used as the API's {@code before} parameter.
 */
public record TimelineCursor(long timestamp, long arrival) {

    public static TimelineCursor parse(String text) {
        int dash = text == null ? -1 : text.lastIndexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("not a timeline cursor (TIMESTAMP-ARRIVAL): " + text);
        }
        try {
            return new TimelineCursor(
                    Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a timeline cursor (TIMESTAMP-ARRIVAL): " + text, e);
        }
    }

    @Override
    public String toString() {
        return timestamp + "-" + arrival;
    }
}

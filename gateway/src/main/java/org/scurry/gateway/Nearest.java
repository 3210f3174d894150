package org.scurry.gateway;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?": the known name closest to a mistyped one, for unknown commands, options,
 * setting keys and environment variables alike. Closeness is the optimal string alignment
 * distance (a letter added, dropped, changed, or two neighbours swapped count one each), compared
 * without case, and a name is close when that distance is at most a third of the part after the
 * prefix both share ({@code scurry.}, {@code SCURRY_}, {@code --} say nothing), or when the known
 * name starts with what was typed ({@code --reply} for {@code --reply-to}). A name that shares
 * nothing with what was typed is never suggested ({@code -a} is not a slip for {@code -h}).
 */
public final class Nearest {
    private Nearest() {}

    /** The candidate closest to {@code typed}, if one is close enough to be what was meant. */
    public static Optional<String> to(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        int letters = t.replaceFirst("^-+", "").length();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(t, c);
            boolean truncated = letters >= 3 && c.startsWith(t);
            int rest = Math.max(t.length(), c.length()) - commonPrefix(t, c);
            boolean close = d < letters && (truncated || d <= Math.max(1, rest / 3));
            if (close && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    /** Optimal string alignment distance between {@code a} and {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

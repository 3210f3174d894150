package org.scurry.routes.xmpp;

import java.util.List;
import java.util.Locale;

/**
 * One chat message from a linked JID, read as a command (DESIGN.md §9): plain text posts it; a
 * first word that is a command word (any case, with or without a leading {@code /}) makes it that
 * command.
 *
 * <p>Mistyped commands are not posted. A message whose first word is one letter away from a
 * command word (a letter added, dropped, changed or two swapped) is answered with "did you mean…"
 * and nothing is posted when it is that word alone ({@code hepl}, {@code folowing}), or when what
 * follows fits the command ({@code folow @id…}, {@code folow bob}: one word, {@code timelin 5}). A {@code /word} that is no
 * command is answered with help. {@code post TEXT} posts TEXT as it is, whatever it starts with.
 *
 * @param verb what to do
 * @param argument the rest of the message after the command word, trimmed ("" when none); for a
 *     post, the text; for {@link Verb#MISTYPED} and {@link Verb#UNKNOWN}, the word as typed
 * @param suggestion for {@link Verb#MISTYPED}, the command word meant; else null
 */
public record ChatCommand(Verb verb, String argument, String suggestion) {

    /** What a message asks for. */
    public enum Verb {
        POST,
        FOLLOW,
        UNFOLLOW,
        FOLLOWING,
        TIMELINE,
        WHOAMI,
        HELP,
        /** {@code protect on|off}: protected feeds (docs/protected.md). */
        PROTECT,
        REQUEST,
        REQUESTS,
        APPROVE,
        DENY,
        REVOKE,
        FOLLOWERS,
        /** {@code whois NAME|ID}: a feed's profile (ChatSocial). */
        WHOIS,
        /** {@code thread ENTRY_ID}: the thread an entry is part of (ChatSocial). */
        THREAD,
        /** {@code search WORDS} (docs/search.md). */
        SEARCH,
        /** {@code since}: timeline posts since the sender's previous message. */
        SINCE,
        /** One letter away from a command word: answered, not posted. */
        MISTYPED,
        /** A {@code /word} that is no command: answered with help. */
        UNKNOWN;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final List<Verb> COMMANDS = List.of(
            Verb.POST,
            Verb.FOLLOW,
            Verb.UNFOLLOW,
            Verb.FOLLOWING,
            Verb.TIMELINE,
            Verb.WHOAMI,
            Verb.HELP,
            Verb.PROTECT,
            Verb.REQUEST,
            Verb.REQUESTS,
            Verb.APPROVE,
            Verb.DENY,
            Verb.REVOKE,
            Verb.FOLLOWERS,
            Verb.WHOIS,
            Verb.THREAD,
            Verb.SEARCH,
            Verb.SINCE);

    /** Reads a message body (not blank). */
    public static ChatCommand parse(String body) {
        String text = body.strip();
        String[] parts = text.split("\\s+", 2);
        String first = parts[0];
        String rest = parts.length > 1 ? parts[1].strip() : "";
        boolean slash = first.startsWith("/") && first.length() > 1;
        String word = (slash ? first.substring(1) : first).toLowerCase(Locale.ROOT);
        for (Verb v : COMMANDS) {
            if (v.word().equals(word)) {
                return new ChatCommand(v, rest, null);
            }
        }
        if (slash) {
            return new ChatCommand(Verb.UNKNOWN, first, null);
        }
        for (Verb v : COMMANDS) {
            if (v != Verb.POST && oneEditApart(word, v.word()) && fits(v, rest)) {
                return new ChatCommand(Verb.MISTYPED, first, v.word());
            }
        }
        return new ChatCommand(Verb.POST, text, null);
    }

    /** Whether what follows a near-miss word looks like that command's argument. */
    private static boolean fits(Verb v, String rest) {
        return switch (v) {
            case THREAD -> rest.isEmpty() || (rest.startsWith("~") && !rest.contains(" "));
                // one word: an id or a name (folow bob); more words read as a sentence (folow the rabbit)
            case FOLLOW, UNFOLLOW, APPROVE, DENY, REVOKE, REQUEST -> !rest.contains(" ");
            case PROTECT -> rest.isEmpty() || rest.equalsIgnoreCase("on") || rest.equalsIgnoreCase("off");
            case TIMELINE -> rest.isEmpty() || rest.matches("\\d{1,4}");
            default -> rest.isEmpty();
        };
    }

    /** True when a and b differ by one insertion, deletion, substitution or swap of neighbours. */
    static boolean oneEditApart(String a, String b) {
        if (a.equals(b) || Math.abs(a.length() - b.length()) > 1 || Math.min(a.length(), b.length()) < 3) {
            return false;
        }
        if (a.length() == b.length()) {
            int first = -1;
            int diffs = 0;
            for (int i = 0; i < a.length(); i++) {
                if (a.charAt(i) != b.charAt(i)) {
                    if (diffs++ == 0) {
                        first = i;
                    }
                }
            }
            if (diffs == 1) {
                return true;
            }
            return diffs == 2
                    && first + 1 < a.length()
                    && a.charAt(first) == b.charAt(first + 1)
                    && a.charAt(first + 1) == b.charAt(first);
        }
        String longer = a.length() > b.length() ? a : b;
        String shorter = a.length() > b.length() ? b : a;
        for (int i = 0; i < longer.length(); i++) {
            if ((longer.substring(0, i) + longer.substring(i + 1)).equals(shorter)) {
                return true;
            }
        }
        return false;
    }
}

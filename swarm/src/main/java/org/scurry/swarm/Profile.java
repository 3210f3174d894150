package org.scurry.swarm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a {@code profile} entry says about its author (docs/entry-format.md): a display name, a bio
 * and a link, each optional. A profile entry carries the whole profile: setting one field keeps the
 * others as the latest profile entry had them ({@link #with}).
 *
 * <p>Rules for what a local author publishes ({@link #check}): name at most {@value #MAX_NAME}
 * characters, bio at most {@value #MAX_BIO}, link at most {@value #MAX_LINK} and an absolute
 * {@code http} or {@code https} URL with a host; no control characters in name or link. Entries
 * received from peers were signed by their author and are stored as they are; reading them
 * ({@link #parse}) keeps only fields that meet the rules, so a surface never shows a {@code
 * javascript:} link or a megabyte of name.
 */
public record Profile(String name, String bio, String link) {
    public static final int MAX_NAME = 64;
    public static final int MAX_BIO = 500;
    public static final int MAX_LINK = 300;

    public static final Profile EMPTY = new Profile(null, null, null);

    private static final JsonFactory JSON = new JsonFactory();

    /** This profile with the non-null fields of {@code update} replacing its own ("" clears a field). */
    public Profile with(Profile update) {
        return new Profile(pick(update.name, name), pick(update.bio, bio), pick(update.link, link));
    }

    private static String pick(String update, String current) {
        if (update == null) {
            return current;
        }
        return update.isBlank() ? null : update.strip();
    }

    /** Throws IllegalArgumentException naming the first rule a field breaks. */
    public Profile check() {
        String problem = problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return this;
    }

    /** The first rule this profile breaks, or null. */
    public String problem() {
        if (name != null) {
            int n = name.codePointCount(0, name.length());
            if (n > MAX_NAME) {
                return "profile name must be at most " + MAX_NAME + " characters: " + n;
            }
            if (hasControl(name)) {
                return "profile name must not contain control characters (line breaks, tabs)";
            }
        }
        if (bio != null) {
            int n = bio.codePointCount(0, bio.length());
            if (n > MAX_BIO) {
                return "profile bio must be at most " + MAX_BIO + " characters: " + n;
            }
        }
        if (link != null) {
            return linkProblem(link);
        }
        return null;
    }

    private static String linkProblem(String link) {
        if (link.length() > MAX_LINK) {
            return "profile link must be at most " + MAX_LINK + " characters: " + link.length();
        }
        if (hasControl(link) || link.contains(" ")) {
            return "profile link must not contain spaces or control characters";
        }
        try {
            URI uri = new URI(link);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "profile link must be an http:// or https:// URL: " + link;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return "profile link must name a host: " + link;
            }
            return null;
        } catch (URISyntaxException e) {
            return "profile link is not a URL (" + e.getReason() + "): " + link;
        }
    }

    private static boolean hasControl(String s) {
        return s.codePoints().anyMatch(Character::isISOControl);
    }

    /**
     * The profile a {@code profile} entry's content gives, keeping only fields that are strings
     * meeting the rules (a field breaking them reads as absent). Never throws: malformed content
     * reads as {@link #EMPTY}.
     */
    public static Profile parse(byte[] content) {
        String name = null;
        String bio = null;
        String link = null;
        try (JsonParser p = JSON.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return EMPTY;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                String text = t == JsonToken.VALUE_STRING ? p.getText() : null;
                p.skipChildren();
                switch (field) {
                    case "name" -> name = blankToNull(text);
                    case "bio" -> bio = blankToNull(text);
                    case "link" -> link = blankToNull(text);
                    default -> {
                        // other fields are for newer software
                    }
                }
            }
        } catch (IOException e) {
            return EMPTY;
        }
        Profile p = new Profile(name, bio, link);
        if (name != null && new Profile(name, null, null).problem() != null) {
            p = new Profile(null, p.bio, p.link);
        }
        if (bio != null && new Profile(null, bio, null).problem() != null) {
            p = new Profile(p.name, null, p.link);
        }
        if (link != null && linkProblem(link) != null) {
            p = new Profile(p.name, p.bio, null);
        }
        return p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

package org.scurry.bridges.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.entry.EntryValidator;

/**
 * What the search index takes from a post: its text, its {@code #tags} and whom it mentions (the
 * feed ids in the content's {@code mentions}, and the {@code @names} written in the text,
 * lowercased). Pure: no index, no node.
 *
 * @param text the post's text
 * @param tags tags found in the text, lowercased, without {@code #}
 * @param mentions feed ids the content lists, and {@code @names} of the text lowercased without
 *     {@code @}
 */
record PostFields(String text, Set<String> tags, Set<String> mentions) {
    private static final Pattern TAG = Pattern.compile("(?<![\\p{L}\\p{N}_&])#([\\p{L}\\p{N}_]{1,64})");
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_])@([\\p{L}\\p{N}_.\\-]{1,64})");

    /**
     * The fields of {@code entry} when it is a post readable as it is (a public post, or a
     * protected one already opened); empty for other kinds, for sealed entries and for content that
     * does not parse.
     */
    static Optional<PostFields> of(Entry entry) {
        if (!Kind.POST.equals(entry.kind())) {
            return Optional.empty();
        }
        JsonNode content;
        try {
            content = EntryValidator.checkContent(entry);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        String text = content.path("text").asText("");
        Set<String> tags = new LinkedHashSet<>();
        Matcher t = TAG.matcher(text);
        while (t.find()) {
            tags.add(t.group(1).toLowerCase(Locale.ROOT));
        }
        Set<String> mentions = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String word = m.group(1).replaceAll("[.\\-]+$", ""); // "@bob." ends a sentence
            if (word.isEmpty()) {
                continue;
            }
            String full = "@" + word;
            mentions.add(FeedId.looksLikeFeedId(full) ? FeedId.parse(full).toString() : word.toLowerCase(Locale.ROOT));
        }
        for (JsonNode id : content.path("mentions")) {
            if (id.isTextual() && FeedId.looksLikeFeedId(id.asText())) {
                mentions.add(FeedId.parse(id.asText()).toString());
            }
        }
        return Optional.of(new PostFields(text, tags, mentions));
    }
}

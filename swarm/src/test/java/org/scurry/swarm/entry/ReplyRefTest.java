package org.scurry.swarm.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;

/** What a reply's content says of its parent (docs/entry-format.md, "Replies"). */
class ReplyRefTest {
    private static final EntryId PARENT = EntryId.ofBytes(new byte[32]);
    private static final FeedId AUTHOR = FeedId.ofBytes(new byte[32]);

    private static ReplyRef read(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return ReplyRef.parse(b, 0, b.length);
    }

    @Test
    void aReplyNamesItsParentsIdAuthorAndSeqAndReadsBack() {
        ReplyRef ref = new ReplyRef(PARENT, AUTHOR, 42);
        byte[] content = Contents.postReply("hi", ref, List.of());
        assertThat(new String(content, StandardCharsets.UTF_8))
                .isEqualTo("{\"text\":\"hi\",\"replyTo\":\"" + PARENT + "\",\"replyAuthor\":\"" + AUTHOR
                        + "\",\"replySeq\":42}");
        assertThat(ReplyRef.parse(content, 0, content.length)).isEqualTo(ref);
        assertThat(ref.locatable()).isTrue();
    }

    @Test
    void anOlderReplyWithTheIdAloneStillReads() {
        assertThat(read("{\"text\":\"hi\",\"replyTo\":\"" + PARENT + "\"}")).isEqualTo(ReplyRef.to(PARENT));
        assertThat(ReplyRef.to(PARENT).locatable()).isFalse();
        assertThat(Contents.postReply("hi", ReplyRef.to(PARENT), List.of()))
                .isEqualTo(Contents.post("hi", PARENT, List.of()));
    }

    @Test
    void aMalformedAuthorOrSeqReadsAsAbsentAndAMalformedIdAsNoReply() {
        String to = "\"replyTo\":\"" + PARENT + "\"";
        assertThat(read("{" + to + ",\"replyAuthor\":\"nope\",\"replySeq\":3}")).isEqualTo(ReplyRef.to(PARENT));
        assertThat(read("{" + to + ",\"replyAuthor\":\"" + AUTHOR + "\",\"replySeq\":0}"))
                .isEqualTo(ReplyRef.to(PARENT));
        assertThat(read("{" + to + ",\"replyAuthor\":\"" + AUTHOR + "\",\"replySeq\":\"3\"}"))
                .isEqualTo(ReplyRef.to(PARENT));
        assertThat(read("{" + to + ",\"replyAuthor\":\"" + AUTHOR + "\",\"replySeq\":99999999999999999999}"))
                .isEqualTo(ReplyRef.to(PARENT));
        assertThat(read("{\"text\":\"hi\",\"replyTo\":\"not-an-id\"}")).isNull();
        assertThat(read("{\"text\":\"hi\"}")).isNull();
        assertThat(read("[1]")).isNull();
    }
}

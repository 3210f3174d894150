package org.scurry.swarm.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.history.CustodyReceipt;
import org.scurry.swarm.history.Heartbeat;
import org.scurry.testkit.TestFeed;

/** The messages of docs/history.md: layouts, round trips and refusals. */
class HistoryMessagesTest {
    private static final Ed25519Signer SERVER = Ed25519Signer.generate();
    private static final FeedId FEED = FeedId.of(Ed25519Signer.generate().publicKey());

    static Entry announcement() {
        return Entry.sign(SERVER, 1, null, 1_700_000_000_000L, Kind.HISTORY, Contents.history("h:1", 1000));
    }

    @Test
    void everyHistoryMessageSurvivesARoundTripByteForByte() {
        TestFeed alice = TestFeed.create();
        List<Entry> run = alice.posts(3);
        List<Message> messages = List.of(
                new Message.ChunkRequest(7, FEED, 0, 0),
                new Message.ChunkRequest(Long.MIN_VALUE, FEED, 1, Long.MAX_VALUE),
                new Message.Chunk(7, alice.id(), 1, 3, run),
                new Message.Chunk(8, FEED, 0, 0, List.of()),
                new Message.Ranges(List.of(new Message.Range(FEED, 1501, 1700))),
                new Message.Beat(Heartbeat.sign(SERVER, announcement(), 42)),
                new Message.Receipts(List.of(
                        CustodyReceipt.sign(SERVER, alice.id(), 3, run.get(2).id(), 99))));
        for (Message m : messages) {
            byte[] bytes = MessageCodec.encode(m);
            assertThat(bytes).hasSize(MessageCodec.encodedLength(m));
            assertThat(MessageCodec.encode(MessageCodec.decode(bytes))).isEqualTo(bytes);
        }
        Message.Chunk chunk = (Message.Chunk) MessageCodec.decode(MessageCodec.encode(messages.get(2)));
        assertThat(chunk.entries()).containsExactlyElementsOf(run);
        Message.Beat beat = (Message.Beat) MessageCodec.decode(MessageCodec.encode(messages.get(5)));
        assertThat(beat.heartbeat().verifies()).isTrue();
        Message.Receipts r = (Message.Receipts) MessageCodec.decode(MessageCodec.encode(messages.get(6)));
        assertThat(r.receipts().get(0).verifies()).isTrue();
    }

    @Test
    void chunkRequestHasTheDocumentedLayout() {
        byte[] b = MessageCodec.encode(new Message.ChunkRequest(1, FEED, 2, 3));
        assertThat(b).hasSize(1 + 8 + 32 + 8 + 8);
        assertThat(b[0]).isEqualTo((byte) 0x07);
        assertThat(b[8]).isEqualTo((byte) 1);
        assertThat(b[b.length - 9]).isEqualTo((byte) 2);
        assertThat(b[b.length - 1]).isEqualTo((byte) 3);
    }

    @Test
    void aRangeWithLowAboveHeadIsRefused() {
        byte[] b = MessageCodec.encode(new Message.Ranges(List.of(new Message.Range(FEED, 5, 9))));
        b[b.length - 9] = 10; // head 9 -> low stays 5; make low > head instead
        b[1 + 4 + 32 + 7] = 20;
        assertThatThrownBy(() -> MessageCodec.decode(b))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("range low must be ≤ head");
    }

    @Test
    void anUndecodableEntryInAChunkIsReportedAndLeftOut() {
        TestFeed alice = TestFeed.create();
        List<Entry> run = alice.posts(3);
        byte[] b = MessageCodec.encode(new Message.Chunk(1, alice.id(), 1, 3, run));
        int firstEntry = 1 + 8 + 32 + 8 + 8 + 4 + 4;
        b[firstEntry] = 99; // unknown entry format version
        List<InvalidEntryException> bad = new ArrayList<>();
        Message.Chunk c = (Message.Chunk) MessageCodec.decode(Unpooled.wrappedBuffer(b), bad::add);
        assertThat(bad).hasSize(1);
        assertThat(c.entries()).containsExactly(run.get(1), run.get(2));
    }

    @Test
    void aReceiptCountLargerThanTheBytesIsRefusedBeforeAllocating() {
        byte[] b = {0x0b, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> MessageCodec.decode(b))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("receipt count must be ≤ 0");
    }
}

package org.scurry.swarm.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.crypto.Hex;
import org.scurry.swarm.entry.InvalidEntryException;

public class MessageCodecTest {
    private static final FeedId FEED = FeedId.of(Ed25519Signer.generate().publicKey());

    public static Entry entry() {
        return Entry.sign(
                Ed25519Signer.generate(),
                1,
                null,
                System.currentTimeMillis(),
                "post",
                "{\"text\":\"hi\"}".getBytes(UTF_8));
    }

    @Test
    void everyMessageSurvivesARoundTrip() {
        List<Message> messages = List.of(
                new Message.Hello("example.org:8471", 0x0102030405060708L),
                new Message.Hello("", 0L),
                new Message.Hello("a:1", 7L, 1, 0),
                new Message.Hello("a:1", 7L, 9, Protocol.CAP_HISTORY | 0x8000_0000_0000_0000L),
                new Message.Limits(256, 4L << 20, 30_000),
                new Message.Hello("a:1", 7L, 3, Protocol.CAP_TUNNEL, "198.51.100.7:40123"),
                new Message.Limits(MessageCodec.U32, MessageCodec.U32, 0),
                new Message.Clock(
                        List.of(new Message.Note(FEED, 0, true), new Message.Note(FEED, Long.MAX_VALUE, false))),
                new Message.Clock(List.of()),
                new Message.Entries(List.of(entry(), entry(), entry())),
                new Message.Peers(List.of("a:1", "[::1]:8471", "höst:2")),
                new Message.RangeRequest(FEED, 5, 200),
                new Message.Ping());
        for (Message m : messages) {
            byte[] bytes = MessageCodec.encode(m);
            assertThat(bytes).hasSize(MessageCodec.encodedLength(m));
            assertThat(MessageCodec.decode(bytes)).isEqualTo(m);
        }
    }

    @Test
    void helloHasTheDocumentedLayout() {
        assertThat(Hex.hex(MessageCodec.encode(new Message.Hello("a:1", 0x0102030405060708L))))
                .isEqualTo("010003613a310102030405060708" + "0003" + "0000000000000000" + "0000");
        assertThat(Hex.hex(MessageCodec.encode(new Message.Hello("a:1", 0x0102030405060708L, 1, 0))))
                .isEqualTo("010003613a310102030405060708");
        assertThat(Hex.hex(MessageCodec.encode(new Message.Ping()))).isEqualTo("06");
        assertThat(Hex.hex(MessageCodec.encode(new Message.Limits(256, 0x400000, 30_000))))
                .isEqualTo("0d" + "00000100" + "00400000" + "00007530");
    }

    @Test
    void aVersionOneHelloReadsAsVersionOneWithoutCapabilities() {
        assertThat(MessageCodec.decode(Hex.bytes("01 0003 613a31 0102030405060708")))
                .isEqualTo(new Message.Hello("a:1", 0x0102030405060708L, 1, 0));
    }

    @Test
    void helloExtensionsOfANewerPeerAreSkippedAndStillDecodedStrictly() {
        // version 3, capabilities 0x05, two extensions: tag 0x0001 with 2 bytes, tag 0x7fff empty
        Message m = MessageCodec.decode(
                Hex.bytes("01 0003 613a31 0102030405060708 0003 0000000000000005 0002 0001 0002 abcd 7fff 0000"));
        assertThat(m).isEqualTo(new Message.Hello("a:1", 0x0102030405060708L, 3, 5));
        assertThatThrownBy(() -> MessageCodec.decode(
                        Hex.bytes("01 0003 613a31 0102030405060708 0003 0000000000000005 0001 0001 0009 abcd")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("Hello extension 0x0001 length must be ≤ the 2 bytes left in the message: 9");
        assertThatThrownBy(() ->
                        MessageCodec.decode(Hex.bytes("01 0003 613a31 0102030405060708 0003 0000000000000005 0000 ff")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("1 trailing bytes after a message of type 0x01");
        assertThatThrownBy(() ->
                        MessageCodec.decode(Hex.bytes("01 0003 613a31 0102030405060708 0001 0000000000000000 0000")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("a Hello with a version field must say version ≥ 2: 1");
        assertThatThrownBy(() -> MessageCodec.decode(Hex.bytes("01 0003 613a31 0102030405060708 00")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aTypeNoVersionKnowsDecodesAsUnknownWithItsLength() {
        assertThat(MessageCodec.decode(new byte[] {0x7f})).isEqualTo(new Message.Unknown(0x7f, 0));
        assertThat(MessageCodec.decode(new byte[] {0x00, 1, 2, 3})).isEqualTo(new Message.Unknown(0x00, 3));
        assertThat(MessageCodec.decode(new byte[] {(byte) 0xff, 1})).isEqualTo(new Message.Unknown(0xff, 1));
    }

    @Test
    void aVersionOneReceiverReadsLaterTypesAsUnknownButKeepsItsOwnStrict() {
        byte[] limits = MessageCodec.encode(new Message.Limits(1, 2, 3));
        assertThat(MessageCodec.decode(Unpooled.wrappedBuffer(limits), 1, e -> {}))
                .isEqualTo(new Message.Unknown(MessageCodec.LIMITS, 12));
        assertThat(MessageCodec.decode(Unpooled.wrappedBuffer(limits), 2, e -> {}))
                .isEqualTo(new Message.Limits(1, 2, 3));
        assertThatThrownBy(() -> MessageCodec.decode(Unpooled.wrappedBuffer(new byte[] {0x06, 0}), 1, e -> {}))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("1 trailing bytes after a message of type 0x06");
        assertThatThrownBy(() -> MessageCodec.decode(Unpooled.wrappedBuffer(new byte[] {0x0d, 0, 0}), 2, e -> {}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void trailingBytesAreRefused() {
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {0x06, 0, 0}))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("2 trailing bytes after a message of type 0x06");
    }

    @Test
    void aTruncatedMessageIsRefused() {
        byte[] bytes = MessageCodec.encode(new Message.RangeRequest(FEED, 1, 2));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> MessageCodec.decode(cut))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aCountLargerThanTheMessageCanHoldIsRefusedBeforeAllocating() {
        assertThatThrownBy(() -> MessageCodec.decode(Hex.bytes("02 7fffffff 00")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("clock note count must be ≤ 0 (what 1 bytes can hold): 2147483647");
    }

    @Test
    void aBadFlagIsRefusedWithItsValue() {
        FeedId feed = FeedId.of(org.scurry.swarm.crypto.Ed25519Signer.generate().publicKey());
        byte[] bytes = MessageCodec.encode(new Message.Clock(List.of(new Message.Note(feed, 3, true))));
        bytes[bytes.length - 1] = 2;
        assertThatThrownBy(() -> MessageCodec.decode(bytes))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0x02");
    }

    @Test
    void aNoteMayWithdrawInterestWithSeqMinusOneButNoLower() {
        FeedId feed = FeedId.of(org.scurry.swarm.crypto.Ed25519Signer.generate().publicKey());
        Message withdraw = new Message.Clock(List.of(new Message.Note(feed, -1, false)));
        assertThat(MessageCodec.decode(MessageCodec.encode(withdraw))).isEqualTo(withdraw);
        byte[] bytes = MessageCodec.encode(withdraw);
        bytes[bytes.length - 9] = (byte) 0xfe; // seq -2
        assertThatThrownBy(() -> MessageCodec.decode(bytes))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("-1 or ≥ 0");
    }

    @Test
    void invalidUtf8IsRefused() {
        assertThatThrownBy(() -> MessageCodec.decode(Hex.bytes("01 0002 c328 00")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aNegativeSequenceIsRefused() {
        byte[] bytes = MessageCodec.encode(new Message.RangeRequest(FEED, 1, 2));
        bytes[1 + 32] = (byte) 0x80;
        assertThatThrownBy(() -> MessageCodec.decode(bytes))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("fromSeq must be ≤ 9223372036854775807");
    }

    @Test
    void aMalformedEntryIsReportedAndItsNeighboursKept() {
        Entry a = entry();
        Entry b = entry();
        byte[] bytes = MessageCodec.encode(new Message.Entries(List.of(a, entry(), b)));
        int secondEntryVersion = 1 + 4 + 4 + a.encodedLength() + 4;
        bytes[secondEntryVersion] = 9;
        List<InvalidEntryException> bad = new ArrayList<>();

        Message m = MessageCodec.decode(Unpooled.wrappedBuffer(bytes), bad::add);

        assertThat(m).isEqualTo(new Message.Entries(List.of(a, b)));
        assertThat(bad).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(InvalidEntryException.Reason.MALFORMED);
            assertThat(e.getMessage()).contains("unknown entry version: 9");
        });
        assertThatThrownBy(() -> MessageCodec.decode(bytes))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("entry in message does not decode");
    }

    @Test
    void anEntryLengthPastTheEndFailsTheMessage() {
        assertThatThrownBy(() -> MessageCodec.decode(Hex.bytes("03 00000001 0000ffff 00")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("entry length must be ≤ the 1 bytes left in the message: 65535");
    }

    @Test
    void hintsHaveTheDocumentedLayoutAndRefuseOutOfRangeFields() {
        FeedId owner = FeedId.ofBytes(new byte[32]);
        byte[] one = new byte[32];
        one[31] = 1;
        Message.Hints hints = new Message.Hints(List.of(new Message.Hint(FeedId.ofBytes(one), owner, 5, 2)));
        byte[] bytes = MessageCodec.encode(hints);
        assertThat(Hex.hex(bytes))
                .isEqualTo("0c" + "00000001" + "00".repeat(31) + "01" + "00".repeat(32) + "0000000000000005" + "02");
        assertThat(MessageCodec.decode(bytes)).isEqualTo(hints);
        assertThat(MessageCodec.decode(MessageCodec.encode(new Message.Hints(List.of()))))
                .isEqualTo(new Message.Hints(List.of()));

        byte[] ttl = bytes.clone();
        ttl[ttl.length - 1] = 4;
        assertThatThrownBy(() -> MessageCodec.decode(ttl))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("hint ttl must be ≤ 3: 4");
        byte[] seq = bytes.clone();
        seq[seq.length - 2] = 0;
        assertThatThrownBy(() -> MessageCodec.decode(seq))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("hint seq must be ≥ 1: 0");
        assertThatThrownBy(() -> MessageCodec.encode(
                        new Message.Hints(List.of(new Message.Hint(FeedId.ofBytes(one), owner, 5, 4)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHelloSaysTheObservedAddressInItsExtensionAndAMalformedOneIsSkipped() {
        assertThat(Hex.hex(MessageCodec.encode(new Message.Hello("", 0, 3, 0, "a:1"))))
                .isEqualTo("01" + "0000" + "0000000000000000" + "0003" + "0000000000000000" + "0001" + "0001" + "0003"
                        + "613a31");
        // Invalid UTF-8, then a second one: the first is skipped, the second read.
        Message.Hello h = (Message.Hello) MessageCodec.decode(Hex.bytes("01" + "0000" + "0000000000000000" + "0003"
                + "0000000000000000" + "0002" + "0001" + "0002" + "c328" + "0001" + "0003" + "623a32"));
        assertThat(h.observedAddress()).isEqualTo("b:2");
        assertThatThrownBy(() -> new Message.Hello("", 0, 1, 0, "a:1")).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.scurry.swarm.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.internal.net.noise.XXpsk0Handshake;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.MessageCodec;
import org.scurry.swarm.wire.MessageCodecTest;
import org.scurry.swarm.wire.ProtocolException;

/** The codecs of a link's pipeline, without sockets. */
class PipelineTest {

    @Test
    void framesAreSplitFromAStreamInAnyChunking() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0}));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 'a', 'b'}));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'c', 0, 0, 0, 0}));

        ByteBuf first = ch.readInbound();
        ByteBuf second = ch.readInbound();
        assertThat(first.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(second.readableBytes()).isZero();
        first.release();
        second.release();
    }

    @Test
    void anOversizedFrameLengthFailsBeforeTheBodyArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1 << 20));

        assertThatThrownBy(() -> ch.writeInbound(
                        Unpooled.wrappedBuffer(new byte[] {0x05, (byte) 0xf5, (byte) 0xe0, (byte) 0xff})))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("frame length must be ≤ 1048576: 99999999");
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 1}));
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void messagesPassThroughCipherAndCodecBothWays() {
        XXpsk0Handshake.TransportKeys[] keys = handshakeKeys();
        EmbeddedChannel alice = new EmbeddedChannel(
                new FrameDecoder(1 << 20),
                new LengthFieldPrepender(4),
                new CipherCodec(keys[0]),
                new MessageFrameCodec.Decoder(org.scurry.swarm.wire.Protocol.VERSION),
                new MessageFrameCodec.Encoder(1 << 20));
        EmbeddedChannel bob = new EmbeddedChannel(
                new FrameDecoder(1 << 20),
                new LengthFieldPrepender(4),
                new CipherCodec(keys[1]),
                new MessageFrameCodec.Decoder(org.scurry.swarm.wire.Protocol.VERSION),
                new MessageFrameCodec.Encoder(1 << 20));
        Message.Entries entries = new Message.Entries(List.of(MessageCodecTest.entry(), MessageCodecTest.entry()));

        alice.writeOutbound(new Message.Hello("x:1", 0L), entries);
        ByteBuf wire;
        while ((wire = alice.readOutbound()) != null) {
            bob.writeInbound(wire);
        }

        assertThat((Object) bob.readInbound()).isEqualTo(new Message.Hello("x:1", 0L));
        assertThat((Object) bob.readInbound()).isEqualTo(entries);
    }

    @Test
    void aTamperedFrameDoesNotDecrypt() {
        XXpsk0Handshake.TransportKeys[] keys = handshakeKeys();
        EmbeddedChannel alice = new EmbeddedChannel(new CipherCodec(keys[0]));
        EmbeddedChannel bob = new EmbeddedChannel(new CipherCodec(keys[1]));
        alice.writeOutbound(Unpooled.wrappedBuffer(MessageCodec.encode(new Message.Ping())));
        ByteBuf frame = alice.readOutbound();
        frame.setByte(0, frame.getByte(0) ^ 1);

        assertThatThrownBy(() -> bob.writeInbound(frame))
                .hasCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("transport frame 0 (17 bytes) does not decrypt");
    }

    @Test
    void aLargeEntriesBatchIsSplitToFitTheFrameLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageFrameCodec.Encoder(4096));
        List<org.scurry.swarm.Entry> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(MessageCodecTest.entry());
        }

        ch.writeOutbound(new Message.Entries(many));

        List<org.scurry.swarm.Entry> back = new java.util.ArrayList<>();
        ByteBuf part;
        int parts = 0;
        while ((part = ch.readOutbound()) != null) {
            assertThat(part.readableBytes()).isLessThanOrEqualTo(4096 - 16);
            back.addAll(((Message.Entries) MessageCodec.decode(part, e -> {})).entries());
            part.release();
            parts++;
        }
        assertThat(parts).isGreaterThan(1);
        assertThat(back).isEqualTo(many);
    }

    @Test
    void anInvalidEntryIsPassedOnBeforeItsMessage() {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageFrameCodec.Decoder(org.scurry.swarm.wire.Protocol.VERSION));
        byte[] bytes = MessageCodec.encode(new Message.Entries(List.of(MessageCodecTest.entry())));
        bytes[1 + 4 + 4] = 7;

        ch.writeInbound(Unpooled.wrappedBuffer(bytes));

        assertThat((Object) ch.readInbound()).isInstanceOf(InvalidEntryException.class);
        assertThat((Object) ch.readInbound()).isEqualTo(new Message.Entries(List.of()));
    }

    private static XXpsk0Handshake.TransportKeys[] handshakeKeys() {
        byte[] psk = new byte[32];
        Handshake a = Handshake.initiator(Ed25519Signer.generate(), X25519.KeyPair.generate(), psk);
        Handshake b = Handshake.responder(Ed25519Signer.generate(), X25519.KeyPair.generate(), psk);
        b.readMessage(a.writeMessage());
        a.readMessage(b.writeMessage());
        b.readMessage(a.writeMessage());
        return new XXpsk0Handshake.TransportKeys[] {a.split(), b.split()};
    }
}

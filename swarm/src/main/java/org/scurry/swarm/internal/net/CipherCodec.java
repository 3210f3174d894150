package org.scurry.swarm.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.scurry.swarm.internal.crypto.ChaChaPoly;
import org.scurry.swarm.internal.net.noise.CipherState;
import org.scurry.swarm.internal.net.noise.XXpsk0Handshake;
import org.scurry.swarm.wire.ProtocolException;

/**
 * Encrypts and decrypts transport frames: each frame body is one ChaCha20-Poly1305 ciphertext of one
 * message (plaintext + 16-byte tag), with the Noise counter nonce of its direction and empty
 * associated data. A frame that does not decrypt fails the link: a dropped, reordered, replayed or
 * forged frame all end up here.
 */
public final class CipherCodec extends MessageToMessageCodec<ByteBuf, ByteBuf> {
    private static final byte[] NO_AD = new byte[0];

    private final CipherState send;
    private final CipherState receive;

    public CipherCodec(XXpsk0Handshake.TransportKeys keys) {
        this.send = keys.send();
        this.receive = keys.receive();
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf plaintext, List<Object> out) {
        int length = plaintext.readableBytes();
        byte[] ct;
        if (plaintext.hasArray()) {
            ct = send.encryptWithAd(
                    NO_AD, plaintext.array(), plaintext.arrayOffset() + plaintext.readerIndex(), length);
        } else {
            byte[] pt = new byte[length];
            plaintext.getBytes(plaintext.readerIndex(), pt);
            ct = send.encryptWithAd(NO_AD, pt);
        }
        out.add(Unpooled.wrappedBuffer(ct));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int length = frame.readableBytes();
        long nonce = receive.nonce();
        if (length < ChaChaPoly.TAG_LENGTH) {
            throw new ProtocolException("transport frame must be ≥ 16 bytes: " + length);
        }
        byte[] ct = new byte[length];
        frame.readBytes(ct);
        try {
            out.add(Unpooled.wrappedBuffer(receive.decryptWithAd(NO_AD, ct)));
        } catch (AEADBadTagException e) {
            throw new ProtocolException(
                    "transport frame " + Long.toUnsignedString(nonce) + " (" + length + " bytes) does not decrypt");
        }
    }
}

package org.scurry.swarm.internal.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519PublicKey;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.internal.net.noise.XXpsk0Handshake;

/**
 * Scurry's handshake: Noise XXpsk0 with the network key as psk, X25519 static keys derived from the
 * nodes' Ed25519 identities, and an identity payload in messages 2 and 3 that binds the Ed25519 key
 * to the transcript. Free of I/O so that it can be vectored; {@code HandshakeHandler} runs it on a
 * channel. docs/protocol.md walks through it step by step.
 *
 * <pre>
 * prologue          = "scurry-noise-v1"
 * message 1 payload = empty
 * message 2, 3      = Ed25519 public key (32) || Ed25519 signature (64)
 *                     signature over "scurry-handshake-v1" || h, where h is the handshake hash after
 *                     the message's tokens, just before the payload is encrypted
 * </pre>
 *
 * The receiver of an identity payload checks the signature and that the Noise static key it just
 * received equals the X25519 form of the Ed25519 key, then refuses its own identity (a
 * self-connection). Every failure is a {@link HandshakeException}. Not thread-safe.
 */
public final class Handshake {
    public static final byte[] PROLOGUE = "scurry-noise-v1".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] SIGNATURE_CONTEXT = "scurry-handshake-v1".getBytes(StandardCharsets.US_ASCII);
    public static final int IDENTITY_PAYLOAD_LENGTH = Ed25519PublicKey.LENGTH + Ed25519Signer.SIGNATURE_LENGTH;

    private final Ed25519Signer identity;
    private final XXpsk0Handshake noise;
    private FeedId remoteId;

    private Handshake(Ed25519Signer identity, XXpsk0Handshake noise) {
        this.identity = identity;
        this.noise = noise;
    }

    /** The dialling side, with a fresh ephemeral key. */
    public static Handshake initiator(Ed25519Signer identity, byte[] networkKey) {
        return initiator(identity, X25519.KeyPair.generate(), networkKey);
    }

    /** The dialling side with a given ephemeral key: for test vectors only. */
    public static Handshake initiator(Ed25519Signer identity, X25519.KeyPair ephemeral, byte[] networkKey) {
        return new Handshake(
                identity,
                XXpsk0Handshake.initiator(X25519.KeyPair.fromEd25519(identity), ephemeral, networkKey, PROLOGUE));
    }

    public static Handshake responder(Ed25519Signer identity, byte[] networkKey) {
        return responder(identity, X25519.KeyPair.generate(), networkKey);
    }

    public static Handshake responder(Ed25519Signer identity, X25519.KeyPair ephemeral, byte[] networkKey) {
        return new Handshake(
                identity,
                XXpsk0Handshake.responder(X25519.KeyPair.fromEd25519(identity), ephemeral, networkKey, PROLOGUE));
    }

    public boolean isMyTurn() {
        return noise.isMyTurn();
    }

    public boolean isComplete() {
        return noise.isComplete();
    }

    /** The number of the next message, 1..3 (4 once complete). */
    public int nextMessage() {
        return noise.nextMessage();
    }

    /** The proven remote identity, once its identity payload has been checked (else null). */
    public FeedId remoteId() {
        return remoteId;
    }

    public byte[] handshakeHash() {
        return noise.handshakeHash();
    }

    /** Writes the next message: empty payload for message 1, this node's identity payload after. */
    public byte[] writeMessage() {
        if (noise.nextMessage() == 1) {
            return noise.writeMessage(new byte[0]);
        }
        return noise.writeMessage(h -> {
            byte[] payload = Arrays.copyOf(identity.publicKey().toBytes(), IDENTITY_PAYLOAD_LENGTH);
            byte[] sig = identity.sign(signedTranscript(h));
            System.arraycopy(sig, 0, payload, Ed25519PublicKey.LENGTH, sig.length);
            return payload;
        });
    }

    /** Reads and checks the next message; throws {@link HandshakeException} naming what failed. */
    public void readMessage(byte[] message) {
        int n = noise.nextMessage();
        XXpsk0Handshake.Read read = noise.readMessage(message);
        byte[] payload = read.payload();
        if (n == 1) {
            if (payload.length != 0) {
                throw new HandshakeException("handshake message 1 payload must be empty: " + payload.length + " bytes");
            }
            return;
        }
        if (payload.length != IDENTITY_PAYLOAD_LENGTH) {
            throw new HandshakeException(
                    "identity payload must be " + IDENTITY_PAYLOAD_LENGTH + " bytes: " + payload.length);
        }
        Ed25519PublicKey key = Ed25519PublicKey.create(Arrays.copyOf(payload, Ed25519PublicKey.LENGTH));
        FeedId claimed = FeedId.of(key);
        byte[] sig = Arrays.copyOfRange(payload, Ed25519PublicKey.LENGTH, IDENTITY_PAYLOAD_LENGTH);
        byte[] transcript = signedTranscript(read.hashBeforePayload());
        if (!key.verify(sig, transcript, 0, transcript.length)) {
            throw new HandshakeException("identity signature of " + claimed + " does not verify");
        }
        byte[] expectedStatic;
        try {
            expectedStatic = X25519.publicFromEd25519(key);
        } catch (IllegalArgumentException e) {
            throw new HandshakeException("identity " + claimed + " is not a usable Ed25519 key");
        }
        if (!MessageDigest.isEqual(expectedStatic, noise.remoteStatic())) {
            throw new HandshakeException("Noise static key is not the X25519 form of the identity " + claimed);
        }
        if (claimed.key().equals(identity.publicKey())) {
            throw new HandshakeException("refusing a link to ourselves: the peer presents our own identity " + claimed);
        }
        remoteId = claimed;
    }

    /** The transport keys; only once complete. */
    public XXpsk0Handshake.TransportKeys split() {
        return noise.split();
    }

    private static byte[] signedTranscript(byte[] h) {
        byte[] out = Arrays.copyOf(SIGNATURE_CONTEXT, SIGNATURE_CONTEXT.length + h.length);
        System.arraycopy(h, 0, out, SIGNATURE_CONTEXT.length, h.length);
        return out;
    }
}

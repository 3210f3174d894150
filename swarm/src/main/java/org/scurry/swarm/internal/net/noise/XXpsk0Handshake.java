package org.scurry.swarm.internal.net.noise;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import javax.crypto.AEADBadTagException;
import org.scurry.swarm.internal.crypto.ChaChaPoly;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.internal.net.HandshakeException;

/**
 * The Noise handshake {@code Noise_XXpsk0_25519_ChaChaPoly_SHA256} (Noise spec rev 34, §7.5 and §9):
 *
 * <pre>
 * XXpsk0:
 *   -&gt; psk, e
 *   &lt;- e, ee, s, es
 *   -&gt; s, se
 * </pre>
 *
 * With the psk modifier every {@code e} token is also mixed into the key ({@code MixKey(e.public)}).
 * The psk is mixed first, so a responder with another psk fails to decrypt message 1's payload and
 * learns nothing more. This class is the bare state machine, free of I/O and of Scurry's identity
 * payloads (those are in {@code net.Handshake}). Not thread-safe; one instance per handshake.
 */
public final class XXpsk0Handshake {
    public static final String PROTOCOL_NAME = "Noise_XXpsk0_25519_ChaChaPoly_SHA256";
    public static final int PSK_LENGTH = 32;
    private static final int DH = X25519.KEY_LENGTH;
    private static final int TAG = ChaChaPoly.TAG_LENGTH;

    /** The two transport cipher states of a completed handshake, from this side's point of view. */
    public record TransportKeys(CipherState send, CipherState receive) {}

    /** A read handshake message: its decrypted payload and the handshake hash the payload was bound to. */
    public record Read(byte[] payload, byte[] hashBeforePayload) {}

    private final boolean initiator;
    private final X25519.KeyPair s;
    private final X25519.KeyPair e;
    private final byte[] psk;
    private final SymmetricState ss = new SymmetricState(PROTOCOL_NAME);
    private byte[] re;
    private byte[] rs;
    private int step;

    private XXpsk0Handshake(boolean initiator, X25519.KeyPair s, X25519.KeyPair e, byte[] psk, byte[] prologue) {
        if (psk.length != PSK_LENGTH) {
            throw new IllegalArgumentException("psk must be 32 bytes: " + psk.length);
        }
        this.initiator = initiator;
        this.s = s;
        this.e = e;
        this.psk = psk.clone();
        ss.mixHash(prologue);
    }

    /** The initiator's state; {@code e} is its ephemeral key (fresh for every handshake but in tests). */
    public static XXpsk0Handshake initiator(X25519.KeyPair s, X25519.KeyPair e, byte[] psk, byte[] prologue) {
        return new XXpsk0Handshake(true, s, e, psk, prologue);
    }

    public static XXpsk0Handshake responder(X25519.KeyPair s, X25519.KeyPair e, byte[] psk, byte[] prologue) {
        return new XXpsk0Handshake(false, s, e, psk, prologue);
    }

    public boolean isInitiator() {
        return initiator;
    }

    /** True once all three messages are written or read. */
    public boolean isComplete() {
        return step == 3;
    }

    /** True when it is this side's turn to write. */
    public boolean isMyTurn() {
        return !isComplete() && (step % 2 == 0) == initiator;
    }

    /** The number of the next message (1..3), or 4 when complete. */
    public int nextMessage() {
        return step + 1;
    }

    /** The current handshake hash h (after the last message, the channel binding of the session). */
    public byte[] handshakeHash() {
        return ss.handshakeHash();
    }

    /** The remote static key, once message 2 (initiator) or 3 (responder) has been read. */
    public byte[] remoteStatic() {
        return rs == null ? null : rs.clone();
    }

    /** Writes the next message with a fixed payload. */
    public byte[] writeMessage(byte[] payload) {
        return writeMessage(h -> payload);
    }

    /**
     * Writes the next message. {@code payloadForHash} receives the handshake hash after the message's
     * tokens and returns the payload, so that the payload can sign the transcript it travels in.
     */
    public byte[] writeMessage(UnaryOperator<byte[]> payloadForHash) {
        if (!isMyTurn()) {
            throw new IllegalStateException("not this side's turn to write (message " + nextMessage() + ")");
        }
        byte[] tokens;
        switch (step) {
            case 0 -> {
                ss.mixKeyAndHash(psk);
                tokens = writeE();
            }
            case 1 -> {
                byte[] ePub = writeE();
                ss.mixKey(e.agree(re)); // ee
                byte[] sEnc = ss.encryptAndHash(s.publicKey());
                ss.mixKey(s.agree(re)); // es (responder: DH(s, re))
                tokens = concat(ePub, sEnc);
            }
            default -> {
                byte[] sEnc = ss.encryptAndHash(s.publicKey());
                ss.mixKey(s.agree(re)); // se (initiator: DH(s, re))
                tokens = sEnc;
            }
        }
        byte[] payload = payloadForHash.apply(ss.handshakeHash());
        byte[] out = concat(tokens, ss.encryptAndHash(payload));
        step++;
        return out;
    }

    /**
     * Reads the next message. Throws {@link HandshakeException} when it is too short, when a
     * ciphertext does not authenticate (message 1: another psk, that is another network key), or
     * when a public key has small order.
     */
    public Read readMessage(byte[] message) {
        if (isMyTurn() || isComplete()) {
            throw new IllegalStateException("not this side's turn to read (message " + nextMessage() + ")");
        }
        int n = nextMessage();
        int min =
                switch (step) {
                    case 0 -> DH + TAG;
                    case 1 -> DH + DH + TAG + TAG;
                    default -> DH + TAG + TAG;
                };
        if (message.length < min) {
            throw new HandshakeException("handshake message " + n + " must be ≥ " + min + " bytes: " + message.length);
        }
        int off = 0;
        try {
            switch (step) {
                case 0 -> {
                    ss.mixKeyAndHash(psk);
                    readE(message);
                    off = DH;
                }
                case 1 -> {
                    readE(message);
                    ss.mixKey(e.agree(re)); // ee
                    rs = ss.decryptAndHash(Arrays.copyOfRange(message, DH, DH + DH + TAG));
                    ss.mixKey(e.agree(rs)); // es (initiator: DH(e, rs))
                    off = DH + DH + TAG;
                }
                default -> {
                    rs = ss.decryptAndHash(Arrays.copyOfRange(message, 0, DH + TAG));
                    ss.mixKey(e.agree(rs)); // se (responder: DH(e, rs))
                    off = DH + TAG;
                }
            }
            byte[] hash = ss.handshakeHash();
            byte[] payload = ss.decryptAndHash(Arrays.copyOfRange(message, off, message.length));
            step++;
            return new Read(payload, hash);
        } catch (AEADBadTagException ex) {
            throw new HandshakeException("handshake message " + n + " does not authenticate"
                    + (n == 1 ? " (the peer uses another network key)" : ""));
        } catch (IllegalArgumentException ex) {
            throw new HandshakeException("handshake message " + n + ": " + ex.getMessage());
        }
    }

    /** Splits into transport keys; only after the handshake is complete. */
    public TransportKeys split() {
        if (!isComplete()) {
            throw new IllegalStateException("handshake not complete (next message " + nextMessage() + ")");
        }
        CipherState[] cs = ss.split();
        return initiator ? new TransportKeys(cs[0], cs[1]) : new TransportKeys(cs[1], cs[0]);
    }

    private byte[] writeE() {
        byte[] ePub = e.publicKey();
        ss.mixHash(ePub);
        ss.mixKey(ePub); // psk modifier
        return ePub;
    }

    private void readE(byte[] message) {
        re = Arrays.copyOfRange(message, 0, DH);
        ss.mixHash(re);
        ss.mixKey(re); // psk modifier
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

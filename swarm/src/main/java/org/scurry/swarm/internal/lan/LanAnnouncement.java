package org.scurry.swarm.internal.lan;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.internal.crypto.Hkdf;

/**
 * One LAN announcement: "the node {@code id} of this swarm takes peer connections on {@code port}
 * of the address this datagram came from". A fixed 80-byte datagram, authenticated with a key
 * derived from the network key, so that nodes of other swarms and strangers cannot make a node
 * dial anywhere (docs/protocol.md, "LAN announcements"):
 *
 * <pre>
 * offset size
 *  0      4   magic "SCLN"
 *  4      1   version (1)
 *  5      1   flags: bit 0 "starting" (sent in a node's first seconds: answer me at once);
 *             the other bits are reserved, a datagram with any of them set is refused
 *  6      2   swarm port, big-endian, 1..65535
 *  8     32   the node's feed id (its Ed25519 public key)
 * 40      8   sent at, milliseconds since the epoch, big-endian
 * 48     16   random nonce
 * 64     16   HMAC-SHA256(lanKey, bytes 0..63), first 16 bytes
 * 80          end
 * lanKey = HMAC-SHA256(networkKey, "scurry-lan-announcement-v1")
 * </pre>
 *
 * The address to dial is never in the payload: the receiver takes the datagram's source address,
 * so a packet cannot point nodes at a third host. Immutable.
 */
public record LanAnnouncement(FeedId id, int port, long sentAtMillis, byte[] nonce, boolean starting) {
    public static final int SIZE = 80;
    public static final int VERSION = 1;
    public static final int NONCE_LENGTH = 16;
    public static final int MAC_LENGTH = 16;
    /** An announcement older or newer than this, by the receiver's clock, is refused. */
    public static final long MAX_SKEW_MILLIS = 120_000;

    private static final byte[] MAGIC = "SCLN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_LABEL = "scurry-lan-announcement-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAC_AT = 64;

    /** Why a datagram was refused; each is counted. */
    public enum Refusal {
        SIZE,
        MAGIC,
        VERSION,
        FLAGS,
        MAC,
        PORT,
        STALE,
        FUTURE,
        ID
    }

    /** A datagram that is not a valid announcement of this swarm. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Refusal reason;

        RefusedException(Refusal reason, String message) {
            super(message, null, false, false); // no stack trace: strangers' packets are routine
            this.reason = reason;
        }

        public Refusal reason() {
            return reason;
        }
    }

    public LanAnnouncement {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("swarm port must be from 1 to 65535: " + port);
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes: " + nonce.length);
        }
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** The key announcements of the swarm with {@code networkKey} are authenticated with. */
    public static byte[] lanKey(byte[] networkKey) {
        return Hkdf.hmac(networkKey, KEY_LABEL);
    }

    /** The 80-byte datagram, authenticated with {@code lanKey}. */
    public byte[] encode(byte[] lanKey) {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).put((byte) VERSION).put((byte) (starting ? 1 : 0)).putShort((short) port);
        b.put(id.toBytes()).putLong(sentAtMillis).put(nonce);
        byte[] out = b.array();
        System.arraycopy(mac(lanKey, out), 0, out, MAC_AT, MAC_LENGTH);
        return out;
    }

    /**
     * Reads {@code length} bytes of {@code data} as an announcement of the swarm whose key is
     * {@code lanKey}, received at {@code nowMillis}. Throws {@link RefusedException} with the reason
     * for anything else; never another exception.
     */
    public static LanAnnouncement decode(byte[] data, int length, byte[] lanKey, long nowMillis)
            throws RefusedException {
        if (length != SIZE || data.length < SIZE) {
            throw new RefusedException(Refusal.SIZE, "announcement must be " + SIZE + " bytes: " + length);
        }
        if (!Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new RefusedException(Refusal.MAGIC, "not a Scurry LAN announcement (magic)");
        }
        if (data[4] != VERSION) {
            throw new RefusedException(Refusal.VERSION, "announcement version must be " + VERSION + ": " + data[4]);
        }
        byte[] expected = Arrays.copyOf(mac(lanKey, data), MAC_LENGTH);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, MAC_AT, SIZE))) {
            throw new RefusedException(Refusal.MAC, "announcement of another swarm or altered (MAC)");
        }
        if ((data[5] & ~1) != 0) {
            throw new RefusedException(Refusal.FLAGS, "unknown announcement flags: " + data[5]);
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, SIZE);
        int port = b.getShort(6) & 0xffff;
        if (port == 0) {
            throw new RefusedException(Refusal.PORT, "announced swarm port must not be 0");
        }
        long sentAt = b.getLong(40);
        if (sentAt < nowMillis - MAX_SKEW_MILLIS) {
            throw new RefusedException(Refusal.STALE, "announcement is " + (nowMillis - sentAt) + " ms old");
        }
        if (sentAt > nowMillis + MAX_SKEW_MILLIS) {
            throw new RefusedException(Refusal.FUTURE, "announcement is " + (sentAt - nowMillis) + " ms in the future");
        }
        FeedId id;
        try {
            id = FeedId.ofBytes(data, 8);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(Refusal.ID, "announced feed id is not a public key: " + e.getMessage());
        }
        return new LanAnnouncement(id, port, sentAt, Arrays.copyOfRange(data, 48, 64), data[5] == 1);
    }

    /** HMAC-SHA256 of the first 64 bytes of {@code datagram}. */
    private static byte[] mac(byte[] lanKey, byte[] datagram) {
        return Hkdf.hmac(lanKey, Arrays.copyOf(datagram, MAC_AT));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LanAnnouncement a
                && id.equals(a.id)
                && port == a.port
                && sentAtMillis == a.sentAtMillis
                && starting == a.starting
                && Arrays.equals(nonce, a.nonce);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id.hashCode() + port) + Long.hashCode(sentAtMillis);
    }

    @Override
    public String toString() {
        return "LanAnnouncement[" + id.shortText() + " port " + port + " at " + sentAtMillis
                + (starting ? " starting" : "") + "]";
    }
}

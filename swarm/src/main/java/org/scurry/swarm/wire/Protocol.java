package org.scurry.swarm.wire;

/**
 * Protocol versions and capabilities (docs/protocol.md §3, "Versions").
 *
 * <ul>
 *   <li><b>Version 1</b>: message types {@code 0x01}–{@code 0x0c}; a Hello ends after its clock
 *       digest. Nodes built before versions existed speak it and close a link on any type or byte
 *       they do not know.
 *   <li><b>Version 2</b>: the Hello carries version, capabilities and an extension area; a message
 *       of a type the receiver does not know is ignored and counted; {@code Limits} ({@code 0x0d}).
 *   <li><b>Version 3</b>: relays and tunnels: {@code Reachable} and {@code TunnelOpen}, {@code
 *       TunnelData}, {@code TunnelAck}, {@code TunnelClose} ({@code 0x0e}–{@code 0x12}); capability
 *       bits {@link #CAP_TUNNEL}, {@link #CAP_RELAY}, {@link #CAP_REACH_ME}.
 * </ul>
 *
 * A later version adds message types (each introduced at a version, {@link #introducedIn}) and
 * Hello extensions, never fields to an existing message: a receiver skips the first and the
 * second, and would refuse the third.
 */
public final class Protocol {
    /** The version this build speaks. */
    public static final int VERSION = 3;

    /** The oldest version a node can be configured to speak (for compatibility tests). */
    public static final int MIN_VERSION = 1;

    /** Capability bit: the sender is a history server (docs/history.md). */
    public static final long CAP_HISTORY = 1L;

    /** Capability bit (version 3): the sender opens and accepts tunnels (docs/reach.md). */
    public static final long CAP_TUNNEL = 1L << 1;

    /** Capability bit (version 3): the sender relays tunnels for this peer. */
    public static final long CAP_RELAY = 1L << 2;

    /**
     * Capability bit (version 3): the sender announces no address (it may not be dialled) and asks
     * this peer, if it relays, to open tunnels to it for others.
     */
    public static final long CAP_REACH_ME = 1L << 3;

    private Protocol() {}

    /**
     * The reach capabilities a node of protocol version 3 or later says in its Hello on one link
     * (docs/reach.md): {@link #CAP_TUNNEL} always; {@link #CAP_RELAY} when it relays and is
     * reachable, which it knows when it announces an address or when this peer dialled it; {@link
     * #CAP_REACH_ME} when it announces no address and dialled this peer. A link that is itself a
     * tunnel carries neither of the last two.
     */
    public static long reachCapabilities(boolean relays, boolean announcesAddress, boolean outbound, boolean tunnel) {
        long caps = CAP_TUNNEL;
        if (tunnel) {
            return caps;
        }
        if (relays && (announcesAddress || !outbound)) {
            caps |= CAP_RELAY;
        }
        if (!announcesAddress && outbound) {
            caps |= CAP_REACH_ME;
        }
        return caps;
    }

    /**
     * The version that introduced message type {@code type}, or {@link Integer#MAX_VALUE} for a
     * type no version of this build knows.
     */
    public static int introducedIn(int type) {
        if (type >= MessageCodec.HELLO && type <= MessageCodec.HINTS) {
            return 1;
        }
        if (type == MessageCodec.LIMITS) {
            return 2;
        }
        if (type >= MessageCodec.REACHABLE && type <= MessageCodec.TUNNEL_CLOSE) {
            return 3;
        }
        return Integer.MAX_VALUE;
    }

    /** Checks a configured version: {@link #MIN_VERSION}..{@link #VERSION}. */
    public static int check(int version) {
        if (version < MIN_VERSION || version > VERSION) {
            throw new IllegalArgumentException(
                    "protocol version must be " + MIN_VERSION + ".." + VERSION + ": " + version);
        }
        return version;
    }
}

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
 * </ul>
 *
 * A later version adds message types (each introduced at a version, {@link #introducedIn}) and
 * Hello extensions, never fields to an existing message: a receiver skips the first and the
 * second, and would refuse the third.
 */
public final class Protocol {
    /** The version this build speaks. */
    public static final int VERSION = 2;

    /** The oldest version a node can be configured to speak (for compatibility tests). */
    public static final int MIN_VERSION = 1;

    /** Capability bit: the sender is a history server (docs/history.md). */
    public static final long CAP_HISTORY = 1L;

    private Protocol() {}

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

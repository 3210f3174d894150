package org.scurry.swarm.wire;

/**
 * A peer sent bytes that break the protocol: a frame too large, a message that does not decode, a
 * handshake that fails. The message names the offending value. The link that received them is
 * closed; the node keeps serving its other peers.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.scurry.swarm.internal.net;

import org.scurry.swarm.wire.ProtocolException;

/**
 * The handshake with a peer failed: wrong network key, a message that does not authenticate, an
 * identity that does not match its Noise static key, a self-connection, a timeout. The message is
 * safe to log (it never holds key material).
 */
public class HandshakeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public HandshakeException(String message) {
        super(message);
    }

    public HandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.scurry.routes.xmpp;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * The bot's current, logged-in XMPP connection, as the {@link XmppWatchdog} last set it up; what
 * outgoing chat messages are sent on. Thread-safe.
 */
final class BotLink {
    private volatile XMPPTCPConnection current;

    void set(XMPPTCPConnection connection) {
        current = connection;
    }

    XMPPTCPConnection get() {
        return current;
    }

    /** True when the bot is connected and logged in. */
    boolean isLoggedIn() {
        XMPPTCPConnection c = current;
        return c != null && c.isConnected() && c.isAuthenticated();
    }

    /**
     * Sends a chat message to a bare JID. Does not wait for delivery. Throws {@link NotLoggedInException}
     * when the bot is not logged in (the caller may retry later).
     */
    void send(String bareJid, String body) throws NotLoggedInException, InterruptedException {
        XMPPTCPConnection c = current;
        if (c == null || !c.isAuthenticated()) {
            throw new NotLoggedInException("the XMPP bot is not logged in; message to " + bareJid + " not sent");
        }
        try {
            Message m = new Message(JidCreate.entityBareFrom(bareJid), body);
            m.setType(Message.Type.chat);
            c.sendStanza(m);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a JID: " + bareJid, e);
        } catch (org.jivesoftware.smack.SmackException.NotConnectedException e) {
            throw new NotLoggedInException("the XMPP connection is down; message to " + bareJid + " not sent");
        }
    }

    /** The bot cannot send now; the login is being restored. */
    static final class NotLoggedInException extends Exception {
        private static final long serialVersionUID = 1L;

        NotLoggedInException(String message) {
            super(message);
        }
    }
}

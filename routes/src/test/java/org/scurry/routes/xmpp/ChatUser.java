package org.scurry.routes.xmpp;

import static org.awaitility.Awaitility.await;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A person in a chat client: a real Smack connection to the test's Prosody (StartTLS, the server's
 * self-signed certificate accepted) that records every chat message it receives.
 */
public final class ChatUser implements AutoCloseable {
    private final String jid;
    private final XMPPTCPConnection connection;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private ChatUser(String jid, XMPPTCPConnection connection) {
        this.jid = jid;
        this.connection = connection;
    }

    public static ChatUser login(ProsodyServer server, String user, String password) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setXmppDomain(server.domain())
                .setUsernameAndPassword(user, password)
                .setResource("test")
                .setSecurityMode(SecurityMode.required)
                .setCustomSSLContext(tls)
                .setHostnameVerifier((h, s) -> true)
                .build());
        ChatUser u = new ChatUser(user + "@" + server.domain(), c);
        c.addAsyncStanzaListener(
                stanza -> u.received.add(((Message) stanza).getBody()),
                stanza -> stanza instanceof Message && MessageWithBodiesFilter.INSTANCE.accept(stanza));
        c.connect().login();
        return u;
    }

    public String jid() {
        return jid;
    }

    public void send(String to, String body) throws Exception {
        Message m = new Message(JidCreate.entityBareFrom(to), body);
        m.setType(Message.Type.chat);
        connection.sendStanza(m);
    }

    /** Waits (up to 20 s) for a received message matching {@code test}; returns it. */
    public String awaitMessage(Predicate<String> test) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> received.stream().filter(test).findFirst().orElse(null), m -> m != null);
    }

    /** Sends {@code body} to {@code to} and waits for a new answer matching {@code test}. */
    public String ask(String to, String body, Predicate<String> test) throws Exception {
        int before = received.size();
        send(to, body);
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> received.subList(before, received.size()).stream()
                                .filter(test)
                                .findFirst()
                                .orElse(null),
                        m -> m != null);
    }

    public List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}

package org.scurry.bench.gateway;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * A person in a chat client for the memory benchmark: a Smack connection to the benchmark's Prosody
 * (StartTLS, its self-signed certificate accepted) that counts the chat messages it receives.
 */
final class ChatClient implements AutoCloseable {
    private final XMPPTCPConnection connection;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private ChatClient(XMPPTCPConnection connection) {
        this.connection = connection;
    }

    static ChatClient login(ProsodyProcess server, String user, String password) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, null);
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setXmppDomain(server.domain())
                .setUsernameAndPassword(user, password)
                .setResource("bench")
                .setSecurityMode(SecurityMode.required)
                .setCustomSSLContext(tls)
                .setHostnameVerifier((h, s) -> true)
                .build());
        ChatClient client = new ChatClient(c);
        c.addAsyncStanzaListener(
                stanza -> client.received.add(((Message) stanza).getBody()),
                stanza -> stanza instanceof Message && MessageWithBodiesFilter.INSTANCE.accept(stanza));
        c.connect().login();
        return client;
    }

    void send(String to, String body) throws Exception {
        Message m = new Message(JidCreate.entityBareFrom(to), body);
        m.setType(Message.Type.chat);
        connection.sendStanza(m);
    }

    int receivedCount() {
        return received.size();
    }

    @Override
    public void close() {
        connection.disconnect();
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

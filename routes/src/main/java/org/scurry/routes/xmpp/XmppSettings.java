package org.scurry.routes.xmpp;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * How the bridge logs in to its XMPP server, and its per-JID rules. Built by the gateway from the
 * {@code scurry.xmpp.*} keys (see config/application.properties).
 *
 * @param host XMPP server host name or address to connect to
 * @param port its client-to-server port (5222 usually)
 * @param domain the XMPP domain of the bot's account (the part after {@code @})
 * @param user the bot's user name (local part), so the bot's JID is {@code user@domain}
 * @param password the bot's password
 * @param allowedDomains JID domains (lower case) whose unknown users get an account on their first
 *     message; empty: nobody is registered automatically
 * @param rateLimit messages per minute a JID may send the bot; the next ones are refused
 * @param acceptSelfSigned accept any server certificate (for a local test server only); false
 *     verifies it against the JVM's trust store and the host name
 * @param reconnectMaxDelay longest wait between two login attempts after the login is lost
 */
public record XmppSettings(
        String host,
        int port,
        String domain,
        String user,
        String password,
        Set<String> allowedDomains,
        int rateLimit,
        boolean acceptSelfSigned,
        Duration reconnectMaxDelay) {

    /** The resource the bot binds. */
    public static final String RESOURCE = "scurry";

    public XmppSettings {
        requireText("host", host);
        requireText("domain", domain);
        requireText("user", user);
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("XMPP port must be from 1 to 65535: " + port);
        }
        if (rateLimit < 1) {
            throw new IllegalArgumentException("XMPP rate limit must be ≥ 1 message a minute: " + rateLimit);
        }
        allowedDomains = allowedDomains.stream()
                .map(d -> d.trim().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        domain = domain.toLowerCase(Locale.ROOT);
        user = user.toLowerCase(Locale.ROOT);
        if (reconnectMaxDelay == null || reconnectMaxDelay.isNegative() || reconnectMaxDelay.isZero()) {
            throw new IllegalArgumentException("XMPP reconnect delay must be positive: " + reconnectMaxDelay);
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("XMPP " + what + " must not be empty");
        }
    }

    /** The bot's bare JID. */
    public String botJid() {
        return user + "@" + domain;
    }

    /** True when an unknown JID of this domain may get an account by writing to the bot. */
    public boolean mayAutoRegister(String bareJid) {
        int at = bareJid.indexOf('@');
        return at > 0 && allowedDomains.contains(bareJid.substring(at + 1));
    }

    /**
     * Smack's connection settings: StartTLS required (the login never goes out in clear), the
     * certificate verified unless {@link #acceptSelfSigned}, no automatic roster subscription.
     */
    public XMPPTCPConnectionConfiguration connectionConfiguration() {
        try {
            XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                    .setHost(host)
                    .setPort(port)
                    .setXmppDomain(domain)
                    .setUsernameAndPassword(user, password)
                    .setResource(RESOURCE)
                    .setSecurityMode(SecurityMode.required)
                    .setConnectTimeout(10_000)
                    .setSendPresence(true);
            if (acceptSelfSigned) {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {new TrustAnything()}, null);
                b.setCustomSSLContext(tls).setHostnameVerifier((name, session) -> true);
            }
            return b.build();
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid XMPP domain or resource: " + domain, e);
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "XmppSettings[" + botJid() + " at " + host + ":" + port + ", allowedDomains=" + allowedDomains
                + ", rateLimit=" + rateLimit + "/min, acceptSelfSigned=" + acceptSelfSigned + "]";
    }

    /** For {@code acceptSelfSigned}: trusts every certificate (the connection is still encrypted). */
    private static final class TrustAnything implements X509TrustManager {
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

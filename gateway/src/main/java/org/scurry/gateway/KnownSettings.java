package org.scurry.gateway;

import static org.scurry.gateway.GatewaySettings.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every {@code scurry.*} setting the gateway reads, with its default and what it does in one line:
 * the list a configuration file is checked against (a key not in it stops the gateway), and the
 * source of the settings table in docs/configuration.md. KnownSettingsTest holds the embedded
 * defaults (config/application.properties) and that table to this list, so a key added to {@link
 * GatewaySettings} without a line here, or a default changed in one place only, fails the build.
 *
 * <p>Keys starting with {@code camel.} are not listed: they go to Camel Main as they are, which
 * refuses an option it does not know in the groups it reads ({@code camel.main.*}, {@code
 * camel.component.NAME.*}).
 */
public final class KnownSettings {
    /** One setting: its key, its default as in the embedded defaults ("" for none), one line on it. */
    public record Setting(String key, String defaultValue, String description) {}

    /** The environment variables Scurry reads, and what for. */
    public static final Map<String, String> ENVIRONMENT = envVars();

    /**
     * The {@code scurry.*} system properties Scurry reads ({@code -D} in {@code SCURRY_JAVA_OPTS}).
     * Settings are not among them: a {@code -Dscurry.http.port} would be ignored, so it is refused.
     */
    public static final Map<String, String> SYSTEM_PROPERTIES = Map.of(
            "scurry.crypto",
            "the Ed25519 library when scurry.crypto is empty (auto, sodium, bouncycastle)",
            "scurry.crypto.sodium-library",
            "the name or path of libsodium for JNA (default sodium)",
            LogFormat.PROPERTY,
            "set by Scurry itself from scurry.log.format for its log4j2.xml",
            "scurry.program",
            "the launcher's name in help texts, set by the installed launcher");

    public static final List<Setting> ALL = List.of(
            s(
                    DATA,
                    "",
                    "data directory: store, identity key, API token, accounts (empty: $SCURRY_DATA, else ~/.scurry)"),
            s(HTTP_HOST, "127.0.0.1", "address of the HTTP server (JSON API, feeds, pages); loopback by default"),
            s(HTTP_PORT, "8470", "port of the HTTP server"),
            s(
                    HTTP_ALLOWED_HOSTS,
                    "",
                    "Host names served besides localhost, scurry.http.host and IP addresses; * = any"),
            s(HTTP_HEADER_TIMEOUT, "10", "seconds a connection has to send a whole request head"),
            s(HTTP_BODY_TIMEOUT, "30", "seconds a request has to send its body after its head"),
            s(HTTP_MAX_CONNECTIONS, "256", "open HTTP connections at most"),
            s(HTTP_MAX_CONNECTIONS_PER_ADDRESS, "64", "open HTTP connections from one IP address at most"),
            s(HTTP_MAX_BODY, "1048576", "largest request body read, in bytes (larger: 413)"),
            s(
                    MANAGEMENT_HOST,
                    "127.0.0.1",
                    "address of the health and metrics listener (/health/live, /health/ready, /metrics)"),
            s(MANAGEMENT_PORT, "8474", "port of the health and metrics listener (0: off)"),
            s(MANAGEMENT_ON_HTTP, "false", "true serves /health/* and /metrics on the HTTP server too"),
            s(SWARM_HOST, "0.0.0.0", "address the peer protocol listens on"),
            s(SWARM_PORT, "8471", "port of the peer protocol (0 picks a free one)"),
            s(
                    SWARM_ADVERTISE,
                    "",
                    "HOST:PORT other peers dial to reach this node, published in its feed (empty: none)"),
            s(
                    RELAY,
                    "true",
                    "relay tunnels to peers that cannot be dialled, when this node is reachable (docs/reach.md)"),
            s(PEERS, "", "peers to connect to at start and keep connected, comma-separated HOST:PORT"),
            s(NETWORK, "scurry", "swarm name: only peers with the same name complete a handshake"),
            s(HOPS, "2", "how far along the follow graph feeds are replicated (1: followed feeds only)"),
            s(
                    LAN_ENABLED,
                    "true",
                    "announce this node on the local network and dial the nodes of its swarm heard there (--no-lan: false)"),
            s(LAN_GROUP, "239.255.83.71", "IPv4 multicast group of LAN announcements (sent with TTL 1)"),
            s(LAN_PORT, "8473", "UDP port of LAN announcements"),
            s(
                    LAN_INTERVAL,
                    "10",
                    "seconds between two LAN announcements (a starting node sends four in its first 2 s)"),
            s(ROLE, "client", "client, or history: a history server archives its share of the feeds in full"),
            s(HISTORY_COPIES, "3", "how many live history servers each feed is assigned to"),
            s(HISTORY_CAPACITY, "10240", "what a history server offers, in MiB: its weight in the ranking"),
            s(HISTORY_HEARTBEAT, "30", "seconds between a history server's heartbeats"),
            s(HISTORY_LIVENESS, "90", "seconds after which a silent history server is dropped from the ranking"),
            s(HISTORY_RELEASE_GRACE, "600", "seconds a server keeps archiving a feed no longer assigned to it"),
            s(HISTORY_WINDOW, "200", "entries a client keeps of each other person's feed (older, once receipted, go)"),
            s(HISTORY_PRUNE_INTERVAL, "60", "seconds between a client's looks for receipted entries to prune"),
            s(
                    HISTORY_RANGE_THRESHOLD,
                    "1000",
                    "entries behind from which a gap is fetched in chunks from several peers"),
            s(CRYPTO, "", "Ed25519 library: auto (empty), sodium or bouncycastle"),
            s(POST_MAX_CHARS, "1000", "longest post accepted from this node's users, in characters"),
            s(IMPORT_FEEDS, "", "external RSS/Atom feeds to import, comma-separated http(s) URLs"),
            s(IMPORT_INTERVAL, "300", "seconds between two polls of each imported feed"),
            s(MQTT_HOST, "127.0.0.1", "address of the embedded MQTT broker"),
            s(MQTT_PORT, "1883", "port of the embedded MQTT broker (0: no broker, no bridge)"),
            s(MQTT_URL, "", "an external broker instead of the embedded one: tcp://HOST:PORT or ssl://HOST:PORT"),
            s(MQTT_USERNAME, "", "the gateway's user name at the external broker"),
            s(MQTT_PASSWORD, "", "the gateway's password at the external broker"),
            s(MQTT_PREFIX, "scurry", "first topic level(s): PREFIX/post/{account}, PREFIX/feed/{feedId} ..."),
            s(MQTT_DEDUP_WINDOW, "600", "seconds within which a repeated post is taken for a redelivery (0: off)"),
            s(XMPP_ENABLED, "false", "true runs the XMPP chat bot"),
            s(XMPP_HOST, "", "the XMPP server the bot logs in to"),
            s(XMPP_PORT, "5222", "its client port"),
            s(XMPP_DOMAIN, "", "the bot's JID domain (empty: the host)"),
            s(XMPP_USER, "scurry", "the bot's user name: its JID is user@domain"),
            s(XMPP_PASSWORD, "", "the bot's password"),
            s(XMPP_ALLOWED_DOMAINS, "", "JID domains whose users get an account on their first message (empty: none)"),
            s(XMPP_RATE_LIMIT, "20", "messages a minute one JID may send the bot"),
            s(XMPP_ACCEPT_SELF_SIGNED, "false", "true accepts any certificate from the XMPP server (tests only)"),
            s(XMPP_RECONNECT_MAX_DELAY, "30", "longest wait, in seconds, between two attempts to log in again"),
            s(LOG_FORMAT, "", "text or json: the log's layout (empty: $SCURRY_LOG_FORMAT, else text)"),
            s(
                    STORE_URL,
                    "",
                    "jdbc:postgresql://HOST:PORT/DB: keep the store in PostgreSQL (empty: H2 in the data directory)"),
            s(STORE_USER, "", "the PostgreSQL user (empty: the URL's, else the driver's default)"),
            s(
                    STORE_PASSWORD_FILE,
                    "",
                    "a file holding the PostgreSQL password, no access for others (empty: $SCURRY_STORE_PASSWORD)"));

    private static final Map<String, Setting> BY_KEY =
            ALL.stream().collect(Collectors.toMap(Setting::key, x -> x, (a, b) -> a, LinkedHashMap::new));

    private KnownSettings() {}

    /** The setting with this key, if there is one. */
    public static Optional<Setting> get(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The known key nearest a mistyped one, for "did you mean". */
    public static Optional<String> nearest(String key) {
        return Nearest.to(key, BY_KEY.keySet());
    }

    /**
     * The settings as a Markdown table: key, default, what it does. docs/configuration.md holds
     * it between {@value #TABLE_START} and {@value #TABLE_END}; KnownSettingsTest compares.
     */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| key | default | what it does |\n| --- | --- | --- |\n");
        for (Setting x : ALL) {
            b.append("| `")
                    .append(x.key())
                    .append("` | ")
                    .append(x.defaultValue().isEmpty() ? "(empty)" : "`" + x.defaultValue() + "`")
                    .append(" | ")
                    .append(x.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return b.toString();
    }

    public static final String TABLE_START = "<!-- settings table: generated from KnownSettings.ALL -->";
    public static final String TABLE_END = "<!-- end of the settings table -->";

    private static Setting s(String key, String defaultValue, String description) {
        return new Setting(key, defaultValue, description);
    }

    private static Map<String, String> envVars() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(DataDir.ENV, "the data directory when neither --data nor scurry.data says (default ~/.scurry)");
        env.put(org.scurry.gateway.cli.Client.NODE_ENV, "the node client commands talk to when --node is not given");
        env.put(
                org.scurry.gateway.accounts.MasterKey.ENV,
                "the key that encrypts hosted accounts' keys, instead of DATA_DIR/master.key");
        env.put(LogFormat.ENV, "text or json: the log's layout when scurry.log.format is empty");
        env.put(
                GatewaySettings.STORE_PASSWORD_ENV,
                "the PostgreSQL store's password when scurry.store.password-file is empty");
        env.put("SCURRY_JAVA_OPTS", "JVM options the launcher adds (e.g. -Xmx2g)");
        return java.util.Collections.unmodifiableMap(env);
    }
}

package org.scurry.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.scurry.gateway.http.HttpLimits;
import org.scurry.routes.xmpp.XmppSettings;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.CryptoChoice;

/**
 * The gateway's configuration: the embedded defaults ({@code config/application.properties},
 * packaged as {@value #DEFAULTS}), a {@code --config FILE} read on top of them, and command-line
 * overrides on top of both. A key in FILE that is neither a {@link KnownSettings known} {@code
 * scurry.} key nor a {@code camel.} one is refused when it is loaded, with its line and the nearest
 * known key. Typed getters check each value and throw {@link IllegalArgumentException} naming the
 * key and the bad value.
 *
 * <p>Why it is long: a typed getter for each setting or group of settings (about twenty-five: the
 * node, HTTP, MQTT, XMPP, imports, history, the store, crypto), each checking its values; split by
 * bridge they would scatter the one place a reader looks up what a key turns into.
 */
public final class GatewaySettings {
    /** Classpath location of the embedded defaults. */
    public static final String DEFAULTS = "/org/scurry/gateway/application.properties";

    public static final String DATA = "scurry.data";
    public static final String HTTP_HOST = "scurry.http.host";
    public static final String HTTP_PORT = "scurry.http.port";
    public static final String HTTP_ALLOWED_HOSTS = "scurry.http.allowed-hosts";
    public static final String HTTP_HEADER_TIMEOUT = "scurry.http.header-timeout-seconds";
    public static final String HTTP_BODY_TIMEOUT = "scurry.http.body-timeout-seconds";
    public static final String HTTP_MAX_CONNECTIONS = "scurry.http.max-connections";
    public static final String HTTP_MAX_CONNECTIONS_PER_ADDRESS = "scurry.http.max-connections-per-address";
    public static final String HTTP_MAX_BODY = "scurry.http.max-body-bytes";
    public static final String SWARM_HOST = "scurry.swarm.host";
    public static final String SWARM_PORT = "scurry.swarm.port";
    public static final String SWARM_ADVERTISE = "scurry.swarm.advertise";
    public static final String RELAY = "scurry.relay.enabled";
    public static final String PEERS = "scurry.peers";
    public static final String NETWORK = "scurry.network";
    public static final String HOPS = "scurry.hops";
    public static final String LAN_ENABLED = "scurry.lan.enabled";
    public static final String LAN_GROUP = "scurry.lan.group";
    public static final String LAN_PORT = "scurry.lan.port";
    public static final String LAN_INTERVAL = "scurry.lan.interval";
    /** {@code auto}, {@code sodium} or {@code bouncycastle}: which library computes Ed25519. */
    public static final String CRYPTO = "scurry.crypto";

    public static final String POST_MAX_CHARS = "scurry.post.max-chars";
    public static final String MQTT_PORT = "scurry.mqtt.port";
    public static final String MQTT_HOST = "scurry.mqtt.host";
    public static final String MQTT_URL = "scurry.mqtt.url";
    public static final String MQTT_USERNAME = "scurry.mqtt.username";
    public static final String MQTT_PASSWORD = "scurry.mqtt.password";
    public static final String MQTT_PREFIX = "scurry.mqtt.prefix";
    public static final String MQTT_DEDUP_WINDOW = "scurry.mqtt.dedup-window-seconds";
    public static final String MANAGEMENT_HOST = "scurry.management.host";
    public static final String MANAGEMENT_PORT = "scurry.management.port";
    public static final String MANAGEMENT_ON_HTTP = "scurry.management.on-http";
    public static final String XMPP_ENABLED = "scurry.xmpp.enabled";
    public static final String XMPP_HOST = "scurry.xmpp.host";
    public static final String XMPP_PORT = "scurry.xmpp.port";
    public static final String XMPP_DOMAIN = "scurry.xmpp.domain";
    public static final String XMPP_USER = "scurry.xmpp.user";
    public static final String XMPP_PASSWORD = "scurry.xmpp.password";
    public static final String XMPP_ALLOWED_DOMAINS = "scurry.xmpp.allowed-domains";
    public static final String XMPP_RATE_LIMIT = "scurry.xmpp.rate-limit";
    public static final String XMPP_ACCEPT_SELF_SIGNED = "scurry.xmpp.tls.accept-self-signed";
    public static final String XMPP_RECONNECT_MAX_DELAY = "scurry.xmpp.reconnect-max-seconds";
    public static final String IMPORT_FEEDS = "scurry.import.feeds";
    public static final String IMPORT_INTERVAL = "scurry.import.interval";
    public static final String ROLE = "scurry.role";
    public static final String HISTORY_COPIES = "scurry.history.copies";
    public static final String HISTORY_CAPACITY = "scurry.history.capacity-mb";
    public static final String HISTORY_HEARTBEAT = "scurry.history.heartbeat-seconds";
    public static final String HISTORY_LIVENESS = "scurry.history.liveness-seconds";
    public static final String HISTORY_RELEASE_GRACE = "scurry.history.release-grace-seconds";
    public static final String HISTORY_WINDOW = "scurry.history.window";
    public static final String HISTORY_PRUNE_INTERVAL = "scurry.history.prune-interval-seconds";
    public static final String HISTORY_RANGE_THRESHOLD = "scurry.history.range-threshold";
    /** {@code text} or {@code json}: the log's layout ({@link LogFormat}). */
    public static final String LOG_FORMAT = "scurry.log.format";
    /** A {@code jdbc:postgresql://} URL: the store in PostgreSQL instead of H2 in the data directory. */
    public static final String STORE_URL = "scurry.store.url";

    public static final String STORE_USER = "scurry.store.user";
    /** A file whose first line is the database password (owner-only: no access for others). */
    public static final String STORE_PASSWORD_FILE = "scurry.store.password-file";
    /** The database password, when {@value #STORE_PASSWORD_FILE} is empty. */
    public static final String STORE_PASSWORD_ENV = "SCURRY_STORE_PASSWORD";

    private final Properties properties;
    private final Map<String, String> env;

    private GatewaySettings(Properties properties, Map<String, String> env) {
        this.properties = properties;
        this.env = env;
    }

    /**
     * Loads the defaults, then {@code configFile} (null for none), then {@code overrides}. A
     * missing config file, or one with an unknown key, is an error (IllegalArgumentException, one
     * line per unknown key: {@link SettingsCheck#unknownKeys}); {@code scurry.peers} values are
     * added to, not replaced by, peers given as overrides under {@link #PEERS}.
     */
    public static GatewaySettings load(Path configFile, Properties overrides, Map<String, String> env) {
        Properties p = new Properties();
        try (InputStream in = GatewaySettings.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("embedded defaults missing from the classpath: " + DEFAULTS);
            }
            load(p, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (configFile != null) {
            String text;
            try {
                text = Files.readString(configFile, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("config file not found: " + configFile);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IllegalArgumentException("config file " + configFile + " is not UTF-8 text", e);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + configFile + ": " + e.getMessage(), e);
            }
            List<String> unknown = SettingsCheck.unknownKeys(configFile, text);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(String.join("\n", unknown));
            }
            try {
                p.load(new java.io.StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot read config file " + configFile + ": " + e.getMessage(), e);
            }
        }
        String configuredPeers = p.getProperty(PEERS, "");
        p.putAll(overrides);
        if (overrides.containsKey(PEERS) && !configuredPeers.isBlank()) {
            p.setProperty(PEERS, configuredPeers + "," + overrides.getProperty(PEERS));
        }
        return new GatewaySettings(p, Map.copyOf(env));
    }

    private static void load(Properties p, InputStream in) throws IOException {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
    }

    /** The environment the settings were read with (e.g. for {@code SCURRY_MASTER_KEY}). */
    Map<String, String> env() {
        return env;
    }

    public Path dataDir() {
        return DataDir.resolve(text(DATA), env).toAbsolutePath();
    }

    public String httpHost() {
        return required(HTTP_HOST);
    }

    public int httpPort() {
        return port(HTTP_PORT, 1);
    }

    /**
     * The HTTP server's limits. The names a request's {@code Host} may carry are {@code localhost},
     * {@value #HTTP_HOST} when it is a name, and {@value #HTTP_ALLOWED_HOSTS} (IP literals always
     * pass; see docs: README, "HTTP JSON API").
     */
    public HttpLimits httpLimits() {
        Set<String> hosts = new java.util.TreeSet<>();
        hosts.add("localhost");
        hosts.add(HttpLimits.hostName(httpHost()));
        Arrays.stream(text(HTTP_ALLOWED_HOSTS).split(","))
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .map(HttpLimits::hostName)
                .forEach(hosts::add);
        return new HttpLimits(
                Duration.ofSeconds(integer(HTTP_HEADER_TIMEOUT, 1, 3600)),
                Duration.ofSeconds(integer(HTTP_BODY_TIMEOUT, 1, 3600)),
                integer(HTTP_MAX_CONNECTIONS, 1, 100_000),
                integer(HTTP_MAX_CONNECTIONS_PER_ADDRESS, 1, 100_000),
                integer(HTTP_MAX_BODY, 1024, 64 * 1024 * 1024),
                hosts);
    }

    public String swarmHost() {
        return required(SWARM_HOST);
    }

    public int swarmPort() {
        return port(SWARM_PORT, 0);
    }

    /** Address of the health and metrics listener. */
    public String managementHost() {
        return required(MANAGEMENT_HOST);
    }

    /** Port of the health and metrics listener; 0 when it is off. */
    public int managementPort() {
        return port(MANAGEMENT_PORT, 0);
    }

    /** True when the main HTTP server serves the health and metrics endpoints too. */
    public boolean managementOnHttp() {
        return bool(MANAGEMENT_ON_HTTP);
    }

    /**
     * The management listener's limits: the HTTP server's, with its own address among the names a
     * request's {@code Host} may carry.
     */
    public HttpLimits managementLimits() {
        HttpLimits h = httpLimits();
        Set<String> hosts = new java.util.TreeSet<>(h.allowedHosts());
        hosts.add(HttpLimits.hostName(managementHost()));
        return new HttpLimits(
                h.headerTimeout(),
                h.bodyTimeout(),
                h.maxConnections(),
                h.maxConnectionsPerAddress(),
                h.maxBodyBytes(),
                hosts);
    }

    public int mqttPort() {
        return port(MQTT_PORT, 0);
    }

    public String mqttHost() {
        return required(MQTT_HOST);
    }

    /** The external broker's URL, or "" for the embedded broker. */
    public String mqttUrl() {
        String url = text(MQTT_URL).trim();
        if (!url.isEmpty() && !url.matches("(tcp|ssl|ws|wss)://.+:\\d+")) {
            throw new IllegalArgumentException(MQTT_URL + " must look like tcp://HOST:PORT: " + url);
        }
        return url;
    }

    public String mqttPrefix() {
        return required(MQTT_PREFIX);
    }

    public java.time.Duration mqttDedupWindow() {
        return java.time.Duration.ofSeconds(integer(MQTT_DEDUP_WINDOW, 0, 7 * 24 * 3600));
    }

    public List<String> peers() {
        List<String> peers = new ArrayList<>();
        Arrays.stream(text(PEERS).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(peer -> {
                    requireHostPort(PEERS, peer);
                    peers.add(peer);
                });
        return peers;
    }

    public String network() {
        return required(NETWORK);
    }

    public int hops() {
        return integer(HOPS, 0, 10);
    }

    public int maxPostChars() {
        return integer(POST_MAX_CHARS, 1, 100_000);
    }

    /**
     * The XMPP bridge's settings, or empty when {@value #XMPP_ENABLED} is not {@code true}. The
     * domain defaults to the host. Throws IllegalArgumentException naming a missing or bad key.
     */
    public Optional<XmppSettings> xmppSettings() {
        if (!bool(XMPP_ENABLED)) {
            return Optional.empty();
        }
        String host = required(XMPP_HOST);
        String domain = text(XMPP_DOMAIN).isBlank() ? host : text(XMPP_DOMAIN).trim();
        Set<String> allowed = Arrays.stream(text(XMPP_ALLOWED_DOMAINS).split(","))
                .map(String::trim)
                .filter(d -> !d.isEmpty())
                .collect(Collectors.toSet());
        if (text(XMPP_PASSWORD).isEmpty()) {
            throw new IllegalArgumentException(XMPP_PASSWORD + " must not be empty when " + XMPP_ENABLED + "=true");
        }
        return Optional.of(new XmppSettings(
                host,
                port(XMPP_PORT, 1),
                domain,
                required(XMPP_USER),
                text(XMPP_PASSWORD),
                allowed,
                integer(XMPP_RATE_LIMIT, 1, 10_000),
                bool(XMPP_ACCEPT_SELF_SIGNED),
                Duration.ofSeconds(integer(XMPP_RECONNECT_MAX_DELAY, 1, 3600))));
    }

    private boolean bool(String key) {
        String v = text(key).trim();
        if (v.isEmpty() || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(key + " must be true or false: " + v);
    }

    /** External RSS/Atom feeds to import, in order, without repeats; each an http or https URL. */
    public List<String> importFeeds() {
        java.util.LinkedHashSet<String> feeds = new java.util.LinkedHashSet<>();
        for (String url : text(IMPORT_FEEDS).split(",")) {
            String u = url.trim();
            if (!u.isEmpty()) {
                try {
                    org.scurry.routes.imports.FeedImporter.checkedUri(u);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(IMPORT_FEEDS + ": " + e.getMessage());
                }
                feeds.add(u);
            }
        }
        return List.copyOf(feeds);
    }

    /** Seconds between two polls of each imported feed (default 300). */
    public int importIntervalSeconds() {
        return text(IMPORT_INTERVAL).isBlank() ? 300 : integer(IMPORT_INTERVAL, 10, 7 * 24 * 3600);
    }

    /**
     * The log's layout, {@code text} or {@code json}: {@value #LOG_FORMAT}, else the environment
     * variable {@value LogFormat#ENV}, else {@code text}.
     */
    public String logFormat() {
        String v = text(LOG_FORMAT).trim();
        if (!v.isEmpty()) {
            return LogFormat.check(LOG_FORMAT, v);
        }
        String fromEnv = env.getOrDefault(LogFormat.ENV, "").trim();
        return fromEnv.isEmpty() ? LogFormat.TEXT : LogFormat.check(LogFormat.ENV, fromEnv);
    }

    /** {@code client} (the default) or {@code history} (docs/history.md). */
    public String role() {
        String role = text(ROLE).trim().isEmpty() ? "client" : text(ROLE).trim();
        if (!role.equals("client") && !role.equals("history")) {
            throw new IllegalArgumentException(ROLE + " must be client or history: " + role);
        }
        return role;
    }

    /** History role, custody and pruning settings (docs/history.md); unset keys keep the defaults. */
    public org.scurry.swarm.history.HistoryConfig historyConfig() {
        org.scurry.swarm.history.HistoryConfig d = org.scurry.swarm.history.HistoryConfig.defaults();
        int beat = intOr(HISTORY_HEARTBEAT, (int) d.heartbeat().toSeconds(), 1, 3600);
        int live = intOr(HISTORY_LIVENESS, (int) d.liveness().toSeconds(), 2, 86_400);
        if (live <= beat) {
            throw new IllegalArgumentException(
                    HISTORY_LIVENESS + " must be longer than " + HISTORY_HEARTBEAT + ": " + live + " ≤ " + beat);
        }
        return d.asServer(role().equals("history"))
                .withCopies(intOr(HISTORY_COPIES, d.copies(), 1, 100))
                .withCapacity((long) intOr(HISTORY_CAPACITY, (int) (d.capacity() >> 20), 1, Integer.MAX_VALUE) << 20)
                .withTimes(
                        Duration.ofSeconds(beat),
                        Duration.ofSeconds(live),
                        Duration.ofSeconds(intOr(
                                HISTORY_RELEASE_GRACE, (int) d.releaseGrace().toSeconds(), 0, 604_800)),
                        Duration.ofSeconds(intOr(
                                HISTORY_PRUNE_INTERVAL, (int) d.pruneInterval().toSeconds(), 1, 86_400)))
                .withWindow(intOr(HISTORY_WINDOW, d.window(), 1, Integer.MAX_VALUE))
                .withRanges(intOr(HISTORY_RANGE_THRESHOLD, d.rangeThreshold(), 1, Integer.MAX_VALUE), d.chunkEntries());
    }

    private int intOr(String key, int fallback, int min, int max) {
        return text(key).isBlank() ? fallback : integer(key, min, max);
    }

    /** The swarm node's settings. */
    public NodeConfig nodeConfig() {
        String advertise = text(SWARM_ADVERTISE).trim();
        if (!advertise.isEmpty()) {
            requireHostPort(SWARM_ADVERTISE, advertise);
        }
        return NodeConfig.defaults(dataDir())
                .withListen(swarmHost(), swarmPort())
                .withAdvertiseAddress(advertise)
                .withBootstrapPeers(peers())
                .withNetworkKey(NodeConfig.networkKeyFor(network()))
                .withHops(hops())
                .withMaxPostChars(maxPostChars())
                .withHistory(historyConfig())
                .withCrypto(crypto())
                .withStore(store())
                .withLan(lan())
                .withRelay(
                        text(RELAY).isBlank() || bool(RELAY)
                                ? org.scurry.swarm.RelayLimits.defaults()
                                : org.scurry.swarm.RelayLimits.off());
    }

    /** LAN discovery (docs/reach.md): on unless {@value #LAN_ENABLED} is false or {@code --no-lan}. */
    public org.scurry.swarm.LanConfig lan() {
        String group = text(LAN_GROUP).trim();
        try {
            return new org.scurry.swarm.LanConfig(
                    bool(LAN_ENABLED), group, port(LAN_PORT, 1), Duration.ofSeconds(integer(LAN_INTERVAL, 1, 600)));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("LAN group")) {
                throw new IllegalArgumentException(
                        LAN_GROUP + " must be an IPv4 multicast address such as 239.255.83.71: " + group);
            }
            throw e;
        }
    }

    /**
     * Where the node keeps its entries: {@value #STORE_URL} (a {@code jdbc:postgresql://} URL) with
     * {@value #STORE_USER} and the password from {@value #STORE_PASSWORD_FILE}, else the
     * environment variable {@value #STORE_PASSWORD_ENV}, else none (the URL's, or {@code
     * ~/.pgpass}, which the driver reads); an empty URL is the H2 store in the data directory.
     * Throws IllegalArgumentException naming the key; never puts the password in a message.
     */
    public org.scurry.swarm.StoreLocation store() {
        String url = text(STORE_URL).trim();
        String user = text(STORE_USER).trim();
        String file = text(STORE_PASSWORD_FILE).trim();
        if (url.isEmpty()) {
            if (!user.isEmpty() || !file.isEmpty()) {
                throw new IllegalArgumentException(
                        (user.isEmpty() ? STORE_PASSWORD_FILE : STORE_USER) + " needs " + STORE_URL);
            }
            return org.scurry.swarm.StoreLocation.H2;
        }
        if (!url.startsWith(org.scurry.swarm.StoreLocation.POSTGRES_PREFIX + "//")) {
            throw new IllegalArgumentException(STORE_URL + " must be jdbc:postgresql://HOST[:PORT]/DATABASE[?...]: "
                    + org.scurry.swarm.StoreLocation.redact(url));
        }
        String password = file.isEmpty()
                ? env.getOrDefault(STORE_PASSWORD_ENV, "")
                : StorePasswordFile.read(DataDir.resolve(file, Map.of()));
        return org.scurry.swarm.StoreLocation.postgres(url, user, password);
    }

    /** {@value #CRYPTO}; blank is {@code auto}, which also honours {@code -Dscurry.crypto}. */
    public CryptoChoice crypto() {
        try {
            return CryptoChoice.parse(text(CRYPTO));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CRYPTO + " must be auto, sodium or bouncycastle: " + text(CRYPTO));
        }
    }

    /**
     * What Camel Main is given: every key (placeholders may use the {@code scurry.} ones). Camel
     * Main's own HTTP server stays off: the gateway runs its {@link
     * org.scurry.gateway.http.GatewayHttpServer} from the {@code scurry.http.*} keys.
     */
    public Properties camelProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("camel.server.enabled", "false");
        return p;
    }

    /** The value of a key as configured ("" when absent). */
    public String text(String key) {
        return properties.getProperty(key, "");
    }

    private String required(String key) {
        String v = text(key).trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        return v;
    }

    private int port(String key, int min) {
        String v = text(key).trim();
        try {
            int port = Integer.parseInt(v);
            if (port >= min && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a port number from " + min + " to 65535: " + v);
    }

    private int integer(String key, int min, int max) {
        String v = text(key).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ": " + v);
    }

    private static void requireHostPort(String key, String value) {
        int colon = value.lastIndexOf(':');
        try {
            int port = colon <= 0 ? -1 : Integer.parseInt(value.substring(colon + 1));
            if (port >= 1 && port <= 65535) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be HOST:PORT: " + value);
    }
}

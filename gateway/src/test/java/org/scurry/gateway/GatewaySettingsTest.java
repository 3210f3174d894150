package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.gateway.http.HttpLimits;
import org.scurry.swarm.NodeConfig;

class GatewaySettingsTest {
    @TempDir
    Path dir;

    @Test
    void embeddedDefaultsAreTheDocumentedOnes() {
        GatewaySettings s = GatewaySettings.load(null, new Properties(), Map.of());

        assertThat(s.httpHost()).isEqualTo("127.0.0.1");
        assertThat(s.httpPort()).isEqualTo(8470);
        assertThat(s.swarmHost()).isEqualTo("0.0.0.0");
        assertThat(s.swarmPort()).isEqualTo(8471);
        assertThat(s.network()).isEqualTo("scurry");
        assertThat(s.hops()).isEqualTo(2);
        assertThat(s.maxPostChars()).isEqualTo(1000);
        assertThat(s.peers()).isEmpty();
        assertThat(s.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".scurry"));
        NodeConfig node = s.nodeConfig();
        assertThat(node.swarmPort()).isEqualTo(8471);
        assertThat(node.networkKey()).isEqualTo(NodeConfig.networkKeyFor("scurry"));
        assertThat(node.crypto()).isEqualTo(org.scurry.swarm.crypto.CryptoChoice.AUTO);
        // Camel Main's HTTP server is off: the gateway runs its own, with these limits.
        assertThat(s.camelProperties()).containsEntry("camel.server.enabled", "false");
        HttpLimits http = s.httpLimits();
        assertThat(http.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(http.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(http.maxConnections()).isEqualTo(256);
        assertThat(http.maxConnectionsPerAddress()).isEqualTo(64);
        assertThat(http.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(http.allowedHosts()).containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }

    @Test
    void theStoreIsH2UnlessAPostgresUrlIsGivenAndItsPasswordComesFromAFileOrTheEnvironment() throws Exception {
        assertThat(GatewaySettings.load(null, new Properties(), Map.of())
                        .nodeConfig()
                        .store())
                .isEqualTo(org.scurry.swarm.StoreLocation.H2);

        Path file = dir.resolve("pg.properties");
        Files.writeString(
                file, "scurry.store.url=jdbc:postgresql://db.example.org:5432/history\nscurry.store.user=scurry\n");
        org.scurry.swarm.StoreLocation fromEnv = GatewaySettings.load(
                        file, new Properties(), Map.of("SCURRY_STORE_PASSWORD", "env-secret"))
                .nodeConfig()
                .store();
        assertThat(fromEnv.url()).isEqualTo("jdbc:postgresql://db.example.org:5432/history");
        assertThat(fromEnv.user()).isEqualTo("scurry");
        assertThat(fromEnv.password()).isEqualTo("env-secret");
        assertThat(fromEnv.toString()).doesNotContain("env-secret");

        Path secret = dir.resolve("pgpassword");
        Files.writeString(secret, "file-secret\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(file, "scurry.store.password-file=" + secret + "\n", java.nio.file.StandardOpenOption.APPEND);
        GatewaySettings withFile =
                GatewaySettings.load(file, new Properties(), Map.of("SCURRY_STORE_PASSWORD", "env-secret"));
        assertThat(withFile.store().password()).isEqualTo("file-secret"); // the file wins

        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(withFile::store)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chmod o-rwx " + secret)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("file-secret"));
    }

    @Test
    void aStoreUrlThatIsNotPostgresIsRefusedWithoutItsPassword() {
        Properties bad = new Properties();
        bad.setProperty(GatewaySettings.STORE_URL, "jdbc:mysql://db/x?password=hunter2");
        assertThatThrownBy(() -> GatewaySettings.load(null, bad, Map.of()).store())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scurry.store.url must be jdbc:postgresql://")
                .hasMessageContaining("password=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        Properties userOnly = new Properties();
        userOnly.setProperty(GatewaySettings.STORE_USER, "scurry");
        assertThatThrownBy(() -> GatewaySettings.load(null, userOnly, Map.of()).store())
                .hasMessage("scurry.store.user needs scurry.store.url");
        Properties inUrl = new Properties();
        inUrl.setProperty(GatewaySettings.STORE_URL, "jdbc:postgresql://db/x?user=a&password=hunter2");
        assertThat(GatewaySettings.load(null, inUrl, Map.of()).store().toString())
                .isEqualTo("PostgreSQL at jdbc:postgresql://db/x?user=a&password=***");
    }

    @Test
    void scurryDataEnvironmentVariableMovesTheDataDirectory() {
        GatewaySettings s = GatewaySettings.load(null, new Properties(), Map.of("SCURRY_DATA", dir.toString()));

        assertThat(s.dataDir()).isEqualTo(dir.toAbsolutePath());
    }

    @Test
    void configFileIsLaidOverTheDefaultsAndOptionsOverBoth() throws Exception {
        Path config = dir.resolve("my.properties");
        Files.writeString(
                config,
                """
                scurry.http.port=9000
                scurry.swarm.port=9001
                scurry.network=private-swarm
                scurry.peers=a.example:1, b.example:2
                """);
        Properties options = new Properties();
        options.setProperty(GatewaySettings.SWARM_PORT, "9999");
        options.setProperty(GatewaySettings.PEERS, "c.example:3");
        options.setProperty(GatewaySettings.DATA, dir.toString());

        GatewaySettings s = GatewaySettings.load(config, options, Map.of("SCURRY_DATA", "/elsewhere"));

        assertThat(s.httpPort()).isEqualTo(9000);
        assertThat(s.swarmPort()).isEqualTo(9999);
        assertThat(s.hops()).isEqualTo(2); // not in the file: the default stands
        assertThat(s.peers()).containsExactly("a.example:1", "b.example:2", "c.example:3");
        assertThat(s.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(s.nodeConfig().networkKey()).isEqualTo(NodeConfig.networkKeyFor("private-swarm"));
    }

    @Test
    void badValuesAreRefusedNamingKeyAndValue() {
        assertThatThrownBy(() -> settings(GatewaySettings.HTTP_PORT, "http").httpPort())
                .hasMessage("scurry.http.port must be a port number from 1 to 65535: http");
        assertThatThrownBy(() -> settings(GatewaySettings.HTTP_PORT, "0").httpPort())
                .hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> settings(GatewaySettings.SWARM_PORT, "70000").swarmPort())
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> settings(GatewaySettings.PEERS, "nohost").peers())
                .hasMessage("scurry.peers must be HOST:PORT: nohost");
        assertThatThrownBy(() -> settings(GatewaySettings.HOPS, "-1").hops()).hasMessageContaining("scurry.hops");
        assertThatThrownBy(() -> settings(GatewaySettings.CRYPTO, "openssl").crypto())
                .hasMessage("scurry.crypto must be auto, sodium or bouncycastle: openssl");
        assertThat(settings(GatewaySettings.CRYPTO, "bouncycastle").nodeConfig().crypto())
                .isEqualTo(org.scurry.swarm.crypto.CryptoChoice.BOUNCYCASTLE);
        assertThatThrownBy(() -> GatewaySettings.load(dir.resolve("missing"), new Properties(), Map.of()))
                .hasMessageContaining("config file not found");
    }

    @Test
    void gatewayOptionsBecomeSettings() {
        GatewaySettings s = GatewayMain.settings(
                new String[] {
                    "--data",
                    dir.toString(),
                    "--http-port",
                    "9100",
                    "--swarm-port=0",
                    "--mqtt-port",
                    "0",
                    "--peer",
                    "x.example:1",
                    "--peer",
                    "y.example:2"
                },
                Map.of());

        assertThat(s.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(s.httpPort()).isEqualTo(9100);
        assertThat(s.swarmPort()).isZero();
        assertThat(s.mqttPort()).isZero();
        assertThat(s.peers()).containsExactly("x.example:1", "y.example:2");
    }

    @Test
    void historyRoleAndSettingsComeFromTheOptionAndTheKeys() throws Exception {
        GatewaySettings client = GatewaySettings.load(null, new Properties(), Map.of());
        assertThat(client.nodeConfig().history()).isEqualTo(org.scurry.swarm.history.HistoryConfig.defaults());
        assertThat(client.nodeConfig().history().server()).isFalse();
        assertThat(client.nodeConfig().history().window()).isEqualTo(200);
        assertThat(client.nodeConfig().history().copies()).isEqualTo(3);

        Path file = dir.resolve("history.properties");
        Files.writeString(
                file,
                "scurry.history.copies=2\nscurry.history.window=50\nscurry.history.liveness-seconds=9\n"
                        + "scurry.history.heartbeat-seconds=3\n");
        GatewaySettings server = GatewayMain.settings(
                new String[] {"--config", file.toString(), "--role", "history", "--data", dir.toString()}, Map.of());
        var h = server.nodeConfig().history();
        assertThat(h.server()).isTrue();
        assertThat(h.copies()).isEqualTo(2);
        assertThat(h.window()).isEqualTo(50);
        assertThat(h.liveness()).hasSeconds(9);
        assertThat(h.heartbeat()).hasSeconds(3);

        assertThatThrownBy(() -> GatewayMain.settings(new String[] {"--role", "archive"}, Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("scurry.role must be client or history: archive");
        Properties slow = new Properties();
        slow.setProperty(GatewaySettings.HISTORY_LIVENESS, "10");
        slow.setProperty(GatewaySettings.HISTORY_HEARTBEAT, "10");
        assertThatThrownBy(() -> GatewaySettings.load(null, slow, Map.of()).nodeConfig())
                .hasMessageContaining("scurry.history.liveness-seconds must be longer");
    }

    @Test
    void badGatewayOptionsAreUsageErrors() {
        assertThatThrownBy(() -> GatewayMain.settings(new String[] {"--bogus"}, Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> GatewayMain.settings(new String[] {"--http-port"}, Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> GatewayMain.settings(new String[] {"--peer", "nope"}, Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("HOST:PORT");
    }

    @Test
    void xmppIsOffUntilEnabledAndThenNeedsItsServerAndAccount() {
        assertThat(GatewaySettings.load(null, new Properties(), Map.of()).xmppSettings())
                .isEmpty();

        Properties p = new Properties();
        p.setProperty(GatewaySettings.XMPP_ENABLED, "true");
        p.setProperty(GatewaySettings.XMPP_HOST, "chat.example.org");
        assertThatThrownBy(() -> GatewaySettings.load(null, p, Map.of()).xmppSettings())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(GatewaySettings.XMPP_PASSWORD);

        p.setProperty(GatewaySettings.XMPP_PASSWORD, "secret");
        p.setProperty(GatewaySettings.XMPP_ALLOWED_DOMAINS, "example.org, Guests.Example.org");
        var xmpp = GatewaySettings.load(null, p, Map.of()).xmppSettings().orElseThrow();
        assertThat(xmpp.botJid()).isEqualTo("scurry@chat.example.org");
        assertThat(xmpp.port()).isEqualTo(5222);
        assertThat(xmpp.rateLimit()).isEqualTo(20);
        assertThat(xmpp.acceptSelfSigned()).isFalse();
        assertThat(xmpp.allowedDomains()).containsExactlyInAnyOrder("example.org", "guests.example.org");
        assertThat(xmpp.toString()).doesNotContain("secret");

        p.setProperty(GatewaySettings.XMPP_RATE_LIMIT, "0");
        assertThatThrownBy(() -> GatewaySettings.load(null, p, Map.of()).xmppSettings())
                .hasMessageContaining(GatewaySettings.XMPP_RATE_LIMIT);
    }

    private static GatewaySettings settings(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return GatewaySettings.load(null, p, Map.of());
    }

    @Test
    void importFeedsAreHttpUrlsTakenOnceWithADefaultInterval() {
        GatewaySettings none = GatewaySettings.load(null, new Properties(), Map.of());
        assertThat(none.importFeeds()).isEmpty();
        assertThat(none.importIntervalSeconds()).isEqualTo(300);

        Properties p = new Properties();
        p.setProperty(
                GatewaySettings.IMPORT_FEEDS,
                " https://a.example/f.atom, http://b.example/rss ,https://a.example/f.atom,");
        p.setProperty(GatewaySettings.IMPORT_INTERVAL, "60");
        GatewaySettings s = GatewaySettings.load(null, p, Map.of());
        assertThat(s.importFeeds()).containsExactly("https://a.example/f.atom", "http://b.example/rss");
        assertThat(s.importIntervalSeconds()).isEqualTo(60);

        p.setProperty(GatewaySettings.IMPORT_FEEDS, "ftp://a.example/f");
        assertThatThrownBy(() -> GatewaySettings.load(null, p, Map.of()).importFeeds())
                .hasMessageContaining("scurry.import.feeds")
                .hasMessageContaining("ftp://a.example/f");
        p.setProperty(GatewaySettings.IMPORT_INTERVAL, "0");
        assertThatThrownBy(() -> GatewaySettings.load(null, p, Map.of()).importIntervalSeconds())
                .hasMessageContaining("scurry.import.interval");
    }
}

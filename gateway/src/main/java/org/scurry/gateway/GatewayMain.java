package org.scurry.gateway;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.gateway.accounts.AccountStore;
import org.scurry.gateway.accounts.MasterKey;
import org.scurry.gateway.http.GatewayHttpServer;
import org.scurry.gateway.mqtt.DirectoryMqttAccounts;
import org.scurry.gateway.mqtt.MqttBridge;
import org.scurry.routes.api.ApiRoutes;
import org.scurry.routes.feeds.FeedRoutes;
import org.scurry.routes.feeds.TimelineTokens;
import org.scurry.routes.imports.ImportRoutes;
import org.scurry.routes.mqtt.MqttAccounts;
import org.scurry.routes.xmpp.RegistryXmppAccounts;
import org.scurry.routes.xmpp.XmppRoutes;
import org.scurry.routes.xmpp.XmppSettings;
import org.scurry.swarm.Node;
import org.scurry.swarm.util.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./scurry gateway}: opens the node kept in the data directory and serves it through Camel
 * Main (the HTTP JSON API on camel-platform-http). Blocks until SIGTERM or Ctrl-C, then stops the
 * routes and closes the node.
 */
public final class GatewayMain {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    static final String HELP =
            """
            Usage: ./scurry gateway [--config FILE] [--data DIR] [--http-port N] [--swarm-port N]
                                    [--mqtt-port N] [--peer HOST:PORT]... [--role client|history]

            Runs a Scurry node with its HTTP JSON API until Ctrl-C or SIGTERM, and the XMPP bridge
            when scurry.xmpp.enabled=true (see config/application.properties and docs/xmpp.md).
            Hosted accounts' keys are encrypted with DATA_DIR/master.key, or with the key in the
            environment variable SCURRY_MASTER_KEY when it is set (see docs/accounts.md).

              --config FILE     read FILE on top of the embedded defaults (config/application.properties)
              --data DIR        data directory: store, identity key, API token, accounts
                                (default: $SCURRY_DATA, else ~/.scurry)
              --http-port N     HTTP API port on 127.0.0.1 (default 8470)
              --swarm-port N    peer protocol port on 0.0.0.0 (default 8471; 0 picks a free one)
              --mqtt-port N     embedded MQTT broker port on 127.0.0.1, 0 = off (default 1883;
                                not started when scurry.mqtt.url names an external broker)
              --peer HOST:PORT  a peer to connect to and keep connected; may be repeated
              --role ROLE       client (default) or history: a history server announces itself,
                                archives the feeds assigned to it and signs custody receipts
                                (docs/history.md; set scurry.swarm.advertise so peers can dial it)
            """;

    private GatewayMain() {}

    /** Parses the {@code gateway} options into settings; throws UsageException on bad options. */
    static GatewaySettings settings(String[] args, Map<String, String> env) {
        Properties overrides = new Properties();
        Path config = null;
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--config" -> config = Path.of(value != null ? value : next(args, ++i, arg));
                case "--data" -> overrides.setProperty(
                        GatewaySettings.DATA, value != null ? value : next(args, ++i, arg));
                case "--http-port" -> overrides.setProperty(
                        GatewaySettings.HTTP_PORT, value != null ? value : next(args, ++i, arg));
                case "--swarm-port" -> overrides.setProperty(
                        GatewaySettings.SWARM_PORT, value != null ? value : next(args, ++i, arg));
                case "--mqtt-port" -> overrides.setProperty(
                        GatewaySettings.MQTT_PORT, value != null ? value : next(args, ++i, arg));
                case "--role" -> overrides.setProperty(
                        GatewaySettings.ROLE, value != null ? value : next(args, ++i, arg));
                case "--peer" -> peers.append(peers.length() == 0 ? "" : ",")
                        .append(value != null ? value : next(args, ++i, arg));
                default -> throw new UsageException("unknown gateway option: " + args[i]);
            }
        }
        if (peers.length() > 0) {
            overrides.setProperty(GatewaySettings.PEERS, peers.toString());
        }
        try {
            GatewaySettings settings = GatewaySettings.load(config, overrides, env);
            settings.nodeConfig(); // check every value before anything starts
            settings.httpPort();
            settings.httpLimits();
            settings.mqttPort();
            settings.mqttUrl();
            new MqttTopics(settings.mqttPrefix());
            settings.mqttDedupWindow();
            settings.xmppSettings();
            settings.importFeeds();
            settings.importIntervalSeconds();
            return settings;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** Private timeline URLs are unlocked by the account's timeline token (constant-time check). */
    private static TimelineTokens timelineTokens(AccountStore accounts) {
        return (name, token) -> accounts.checkTimelineToken(name, token)
                ? accounts.byName(name).map(Account::id)
                : java.util.Optional.empty();
    }

    /** Runs the gateway until it is stopped; returns the process exit code. */
    static int run(GatewaySettings settings, PrintStream out) throws Exception {
        Path data = settings.dataDir();
        DataDir.create(data);
        String token = ApiTokenFile.loadOrCreate(data.resolve(DataDir.TOKEN_FILE));
        Node node;
        try {
            node = Node.open(settings.nodeConfig());
        } catch (RuntimeException e) {
            LOG.debug("node did not open", e);
            System.err.println("scurry gateway: cannot open the node in " + data + ": " + e.getMessage());
            return 1;
        }
        NodeService nodeService = new NodeService(node);
        AccountStore accounts;
        try {
            accounts = AccountStore.open(data, settings.env().get(MasterKey.ENV), AccountStore.Host.of(node));
        } catch (RuntimeException e) {
            LOG.debug("accounts did not load", e);
            System.err.println("scurry gateway: cannot load the accounts in " + data + ": " + e.getMessage());
            nodeService.closeNode();
            return 1;
        }
        try {
            // H2 wrote its files with the process's umask, and an older version may have left files
            // others can read: from here on everything under the data directory is owner-only.
            int narrowed = OwnerOnly.restrictTree(data);
            if (narrowed > 0) {
                LOG.info("made {} file(s) and director(ies) under {} owner-only", narrowed, data);
            }
        } catch (java.io.IOException e) {
            System.err.println("scurry gateway: " + e.getMessage());
            nodeService.closeNode();
            return 1;
        }
        GatewayHttpServer http =
                GatewayHttpServer.create(settings.httpHost(), settings.httpPort(), settings.httpLimits());
        try {
            Main main = new Main(GatewayMain.class);
            main.setDefaultPropertyPlaceholderLocation("false"); // we hand over the merged settings
            main.setInitialProperties(settings.camelProperties());
            main.configure().addRoutesBuilder(new ApiRoutes(node, token, accounts));
            MqttBridge mqtt = mqttBridge(settings, node, new DirectoryMqttAccounts(accounts, node));
            Optional<XmppSettings> xmpp = settings.xmppSettings();
            if (xmpp.isPresent()) {
                LOG.info("XMPP bridge on: {}", xmpp.get());
                main.configure().addRoutesBuilder(new XmppRoutes(node, new RegistryXmppAccounts(accounts), xmpp.get()));
            }
            main.configure().addRoutesBuilder(new FeedRoutes(node, timelineTokens(accounts)));
            List<String> imports = settings.importFeeds();
            if (!imports.isEmpty()) {
                main.configure()
                        .addRoutesBuilder(ImportRoutes.of(
                                node,
                                accounts,
                                imports,
                                Duration.ofSeconds(settings.importIntervalSeconds()),
                                settings.maxPostChars()));
                LOG.info("importing {} feed(s) every {} s", imports.size(), settings.importIntervalSeconds());
            }
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport m) {
                    // Stopped with the Camel context, after the routes: also on SIGTERM.
                    try {
                        m.getCamelContext().addService(nodeService, true, true);
                        m.getCamelContext().addService(http, true, true);
                        if (mqtt != null) {
                            mqtt.addTo(m.getCamelContext());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot register the node with Camel", e);
                    }
                }

                @Override
                public void afterStart(BaseMainSupport m) {
                    out.printf(
                            "Scurry %snode %s is up: API http://%s:%d/api, swarm %s, data %s%n",
                            node.config().history().server() ? "history " : "",
                            node.id(),
                            settings.httpHost(),
                            settings.httpPort(),
                            settings.swarmHost() + ":" + node.swarmAddress().getPort(),
                            data);
                    out.flush();
                }
            });
            main.run();
            return main.getExitCode();
        } finally {
            nodeService.closeNode();
        }
    }

    /**
     * The MQTT bridge the settings ask for: on the external broker at {@code scurry.mqtt.url}, else on
     * the embedded broker unless {@code scurry.mqtt.port} is 0; null when off.
     */
    static MqttBridge mqttBridge(GatewaySettings settings, Node node, MqttAccounts accounts) {
        MqttTopics topics = new MqttTopics(settings.mqttPrefix());
        if (!settings.mqttUrl().isEmpty()) {
            return MqttBridge.external(
                    node,
                    accounts,
                    topics,
                    settings.mqttDedupWindow(),
                    settings.mqttUrl(),
                    settings.text(GatewaySettings.MQTT_USERNAME),
                    settings.text(GatewaySettings.MQTT_PASSWORD));
        }
        if (settings.mqttPort() == 0) {
            return null;
        }
        return MqttBridge.embedded(
                node,
                accounts,
                topics,
                settings.mqttDedupWindow(),
                settings.mqttHost(),
                settings.mqttPort(),
                settings.dataDir().resolve("mqtt"));
    }

    /** Closes the node when the Camel context stops. */
    private static final class NodeService extends ServiceSupport {
        private final Node node;
        private final AtomicBoolean closed = new AtomicBoolean();

        NodeService(Node node) {
            this.node = node;
        }

        @Override
        protected void doStop() {
            closeNode();
        }

        void closeNode() {
            if (closed.compareAndSet(false, true)) {
                try {
                    node.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing the node failed", e);
                }
            }
        }
    }
}

package org.scurry.gateway;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.bridges.search.SearchIndex;
import org.scurry.gateway.accounts.AccountStore;
import org.scurry.gateway.accounts.MasterKey;
import org.scurry.gateway.cli.UsageMessages;
import org.scurry.gateway.http.GatewayHttpServer;
import org.scurry.gateway.http.ManagementServer;
import org.scurry.gateway.management.BridgeMeters;
import org.scurry.gateway.management.ManagementRoutes;
import org.scurry.gateway.management.NodeGauges;
import org.scurry.gateway.management.Readiness;
import org.scurry.gateway.management.SwarmMeters;
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
import picocli.CommandLine;

/**
 * {@code ./scurry gateway}: opens the node kept in the data directory and serves it through Camel
 * Main (the HTTP JSON API on camel-platform-http). Blocks until SIGTERM or Ctrl-C, then stops the
 * routes and closes the node.
 */
public final class GatewayMain {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {}

    /**
     * Parses the {@code gateway} options into settings (as {@code ./scurry gateway ARGS} would);
     * throws UsageException on a bad option or setting.
     */
    static GatewaySettings settings(String[] args, Map<String, String> env) {
        GatewayCommand command = new GatewayCommand();
        try {
            new CommandLine(command).setExpandAtFiles(false).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(UsageMessages.describe(e));
        }
        return settings(command.configFile(), command.overrides(), env);
    }

    /**
     * The settings from the defaults, {@code config} (null for none) and the options' {@code
     * overrides}, every value checked before anything starts; throws UsageException naming the
     * first bad one (or every unknown key of the file, one a line).
     */
    static GatewaySettings settings(Path config, Properties overrides, Map<String, String> env) {
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
            settings.managementPort();
            settings.managementLimits();
            settings.managementOnHttp();
            settings.importFeeds();
            settings.importIntervalSeconds();
            settings.logFormat();
            return settings;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Private timeline URLs are unlocked by the account's timeline token (constant-time check). */
    private static TimelineTokens timelineTokens(AccountStore accounts) {
        return (name, token) -> accounts.checkTimelineToken(name, token)
                ? accounts.byName(name).map(Account::id)
                : java.util.Optional.empty();
    }

    /** Runs the gateway until it is stopped; returns the process exit code. */
    static int run(GatewaySettings settings, PrintStream out) throws Exception {
        SettingsCheck.unknownEnvironment(settings.env()).forEach(w -> LOG.warn("{}", w));
        Path data = settings.dataDir();
        DataDir.create(data);
        String token = ApiTokenFile.loadOrCreate(data.resolve(DataDir.TOKEN_FILE));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Node node;
        try {
            node = Node.builder(settings.nodeConfig())
                    .meter(new SwarmMeters(metrics))
                    .start();
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
        SearchIndex search;
        try {
            search = SearchIndex.open(data.resolve(DataDir.SEARCH_DIR), node).start();
            nodeService.search = search;
        } catch (RuntimeException e) {
            System.err.println("scurry gateway: cannot open the search index: " + e.getMessage());
            nodeService.closeNode();
            return 1;
        }
        GatewayHttpServer http =
                GatewayHttpServer.create(settings.httpHost(), settings.httpPort(), settings.httpLimits());
        try {
            Main main = new Main(GatewayMain.class);
            main.setDefaultPropertyPlaceholderLocation("false"); // we hand over the merged settings
            main.setInitialProperties(settings.camelProperties());
            main.configure().addRoutesBuilder(new ApiRoutes(node, token, accounts).search(search));
            MqttBridge mqtt = mqttBridge(settings, node, new DirectoryMqttAccounts(accounts, node));
            Optional<XmppSettings> xmpp = settings.xmppSettings();
            List<Readiness.Check> bridges = new ArrayList<>();
            List<String> bridgeNames = new ArrayList<>();
            if (mqtt != null) {
                bridges.add(new Readiness.Check("mqtt", mqtt::problem));
                bridgeNames.add("mqtt");
            }
            xmpp.ifPresent(x -> bridgeNames.add("xmpp"));
            bridgeNames.add("feeds");
            BridgeMeters bridgeMeters = new BridgeMeters(metrics, bridgeNames);
            if (mqtt != null) {
                mqtt.meter(bridgeMeters);
            }
            if (xmpp.isPresent()) {
                LOG.info("XMPP bridge on: {}", xmpp.get());
                XmppRoutes chat = new XmppRoutes(node, new RegistryXmppAccounts(accounts), xmpp.get())
                        .meter(bridgeMeters)
                        .search(search);
                bridges.add(
                        new Readiness.Check("xmpp", () -> chat.isLoggedIn() ? null : "the XMPP bot is not logged in"));
                main.configure().addRoutesBuilder(chat);
            }
            ManagementRoutes management = management(node, metrics, bridges);
            if (settings.managementOnHttp()) {
                http.mount(management);
            }
            ManagementServer managementServer = settings.managementPort() == 0
                    ? null
                    : new ManagementServer(
                            settings.managementHost(),
                            settings.managementPort(),
                            settings.managementLimits(),
                            management);
            main.configure().addRoutesBuilder(new FeedRoutes(node, timelineTokens(accounts)).meter(bridgeMeters));
            List<String> imports = settings.importFeeds();
            if (!imports.isEmpty()) {
                main.configure()
                        .addRoutesBuilder(ImportRoutes.of(
                                        node,
                                        accounts,
                                        imports,
                                        Duration.ofSeconds(settings.importIntervalSeconds()),
                                        settings.maxPostChars())
                                .meter(bridgeMeters));
                LOG.info("importing {} feed(s) every {} s", imports.size(), settings.importIntervalSeconds());
            }
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport m) {
                    // Stopped with the Camel context, after the routes: also on SIGTERM.
                    try {
                        m.getCamelContext().addService(nodeService, true, true);
                        m.getCamelContext().addService(http, true, true);
                        // camel-micrometer's route policy times every route on the same registry
                        m.getCamelContext().getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics);
                        m.getCamelContext().addRoutePolicyFactory(new MicrometerRoutePolicyFactory());
                        if (managementServer != null) {
                            m.getCamelContext().addService(managementServer, true, true);
                        }
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
                    String alone = org.scurry.routes.api.Alone.warning(node);
                    if (alone != null) {
                        out.println("Note: " + alone + (node.config().lan().enabled() ? " (none heard yet)" : ""));
                    }
                    out.flush();
                }
            });
            try {
                main.run();
            } catch (RuntimeException e) {
                Optional<String> refused = camelSettingRefused(e);
                if (refused.isEmpty()) {
                    throw e;
                }
                System.err.println("scurry gateway: Camel refused a camel.* setting: " + refused.get());
                return UsageMessages.USAGE;
            }
            return main.getExitCode();
        } finally {
            nodeService.closeNode();
        }
    }

    /** The health and metrics endpoints: the node's gauges and the JVM's on {@code metrics}, and readiness. */
    private static ManagementRoutes management(
            Node node, PrometheusMeterRegistry metrics, List<Readiness.Check> bridges) {
        NodeGauges.bind(node, metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        return new ManagementRoutes(Readiness.of(node, bridges), metrics);
    }

    /**
     * Camel Main checks the {@code camel.*} keys of the groups it reads as it starts: an option its
     * {@code camel.main} or a component does not have is a {@link PropertyBindingException}, a
     * component it does not know an IllegalArgumentException about a {@code camel.} property. Those
     * are configuration errors (exit 2, said without the value); anything else is not.
     */
    static Optional<String> camelSettingRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PropertyBindingException p) {
                // Not Camel's message: it repeats the value, which may be a password.
                String prefix =
                        p.getOptionPrefix() == null ? "" : p.getOptionPrefix().replaceAll("\\.$", "");
                return Optional.of(
                        p.getPropertyName() == null
                                ? "a camel.* key Camel cannot bind"
                                : "no option " + p.getPropertyName() + (prefix.isEmpty() ? "" : " under " + prefix));
            }
            if (t instanceof IllegalArgumentException
                    && t.getMessage() != null
                    && t.getMessage().contains("camel.")) {
                return Optional.of(t.getMessage());
            }
        }
        return Optional.empty();
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
        /** Closed before the node: its indexing thread reads the node's store. */
        volatile SearchIndex search;

        NodeService(Node node) {
            this.node = node;
        }

        @Override
        protected void doStop() {
            closeNode();
        }

        void closeNode() {
            if (closed.compareAndSet(false, true)) {
                if (search != null) {
                    search.close();
                }
                try {
                    node.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing the node failed", e);
                }
            }
        }
    }
}

package org.scurry.gateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.scurry.gateway.cli.ScurryCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scurry gateway [OPTIONS]}: its options, parsed by picocli like every other command's,
 * become settings overrides ({@link #overrides()}) on top of the embedded defaults and {@code
 * --config FILE}; {@link GatewayMain} then checks them all and runs the node. The values stay
 * text here so that a bad one is reported by the setting it feeds, with the same words as in a
 * file ("scurry.http.port must be a port number from 1 to 65535: x").
 */
@Command(
        name = "gateway",
        sortOptions = false,
        description = {
            "run a node and its HTTP API until Ctrl-C or SIGTERM",
            "",
            "Runs a Scurry node with its HTTP JSON API, the embedded MQTT broker, and the XMPP bridge"
                    + " when scurry.xmpp.enabled=true (config/application.properties, docs/xmpp.md). Hosted"
                    + " accounts' keys are encrypted with DATA_DIR/master.key, or with the key in the environment"
                    + " variable SCURRY_MASTER_KEY when it is set (docs/accounts.md).",
            "",
            "A key in FILE that is not a setting stops the gateway before it starts, with the nearest known"
                    + " key (docs/configuration.md lists them all); keys starting with camel. go to Camel Main."
        },
        footer = {"", "Exit codes: 1 the node could not start or failed, 2 a wrong option or setting."})
public final class GatewayCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "read FILE on top of the embedded defaults (config/application.properties)")
    String config;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "data directory: store, identity key, API token, accounts (default: $SCURRY_DATA, else"
                    + " ~/.scurry)")
    String data;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP API port on 127.0.0.1 (default 8470)")
    String httpPort;

    @Option(
            names = "--swarm-port",
            paramLabel = "N",
            description = "peer protocol port on 0.0.0.0 (default 8471; 0 picks a free one)")
    String swarmPort;

    @Option(
            names = "--mqtt-port",
            paramLabel = "N",
            description = "embedded MQTT broker port on 127.0.0.1, 0 = off (default 1883; not started when"
                    + " scurry.mqtt.url names an external broker)")
    String mqttPort;

    @Option(
            names = "--management-port",
            paramLabel = "N",
            description = "health and metrics port on 127.0.0.1, 0 = off (default 8474; docs/operations.md)")
    String managementPort;

    @Option(
            names = "--peer",
            paramLabel = "HOST:PORT",
            description = "a peer to connect to and keep connected; may be repeated")
    List<String> peers = new ArrayList<>();

    @Option(
            names = "--no-lan",
            description = "no LAN discovery: announce nothing on the local network and listen for no"
                    + " announcements (scurry.lan.enabled=false; docs/reach.md)")
    boolean noLan;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            completionCandidates = Roles.class,
            description = "client (default) or history: a history server announces itself, archives the feeds"
                    + " assigned to it and signs custody receipts (docs/history.md; set scurry.swarm.advertise so"
                    + " peers can dial it)")
    String role;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;

    @Spec
    CommandSpec spec;

    /** The values {@code --role} completes to. */
    static final class Roles extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Roles() {
            super(List.of("client", "history"));
        }
    }

    @Override
    public Integer call() throws Exception {
        ScurryCommand root = ScurryCommand.of(spec);
        if (root.globalOptionsGiven()) {
            throw new UsageException("`gateway` comes first, its options after it: "
                    + org.scurry.gateway.cli.UsageMessages.program() + " gateway --data DIR ...");
        }
        List<String> unread = SettingsCheck.unreadSystemProperties(System.getProperties());
        if (!unread.isEmpty()) {
            throw new UsageException(String.join("\n", unread));
        }
        GatewaySettings settings = GatewayMain.settings(configFile(), overrides(), root.env());
        LogFormat.use(settings.logFormat());
        return GatewayMain.run(settings, root.out());
    }

    /** {@code --config FILE}, or null. */
    Path configFile() {
        return config == null ? null : Path.of(config);
    }

    /** The options given, as settings keys. */
    Properties overrides() {
        Properties overrides = new Properties();
        set(overrides, GatewaySettings.DATA, data);
        set(overrides, GatewaySettings.HTTP_PORT, httpPort);
        set(overrides, GatewaySettings.SWARM_PORT, swarmPort);
        set(overrides, GatewaySettings.MQTT_PORT, mqttPort);
        set(overrides, GatewaySettings.MANAGEMENT_PORT, managementPort);
        set(overrides, GatewaySettings.ROLE, role);
        if (noLan) {
            overrides.setProperty(GatewaySettings.LAN_ENABLED, "false");
        }
        if (!peers.isEmpty()) {
            overrides.setProperty(GatewaySettings.PEERS, String.join(",", peers));
        }
        return overrides;
    }

    private static void set(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}

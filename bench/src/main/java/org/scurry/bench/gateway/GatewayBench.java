package org.scurry.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.scurry.bench.Figure;
import org.scurry.bench.Results;

/**
 * The gateway path (issue 3's speed targets, issue 6 item 4): devices publish posts to {@code
 * scurry/post/{account}} at QoS 1 on a real gateway's embedded broker ({@link GatewayProcess}, its
 * own JVM), the gateway signs and stores each as an entry and publishes it on {@code
 * scurry/feed/{id}}, where a subscriber counts and times it. In the same run the same load goes
 * through a bare Moquette with nothing behind it ({@link RawBroker}): the baseline. The bare
 * brokers side by side, Mosquitto among them, are {@link BrokerBench}'s.
 *
 * <ul>
 *   <li>throughput: {@code posts} messages, at most {@code window} on their way at once (closed
 *       loop), posts per second from the first publish to the last arrival, and how many never came;
 *   <li>latency at a fixed 200 messages/s (open loop, timed from each message's scheduled publish
 *       time): p50, p99, max;
 *   <li>MQTT → Atom: a post published, then {@code GET /feeds/{id}.atom} polled every 5 ms until it
 *       holds the post.
 * </ul>
 */
public final class GatewayBench {
    /** Issue 3: sustained posts per second through MQTT → entry → {@code scurry/feed/{id}}. */
    public static final double TARGET_POSTS_PER_SECOND = 2_000;
    /** Issue 3: p99 latency of that path at 200 posts/s, in ms. */
    public static final double TARGET_P99_MS = 50;

    static final double RATE = 200;
    private static final int STALL_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final int posts;
    private final int window;
    private final int publishers;
    private final int rateSeconds;
    private final int atomSamples;
    private final String xmx;

    /**
     * @param work a folder for the broker's and the gateway's data (emptied first)
     * @param posts messages per throughput run
     * @param publishers device clients (one account each) the messages are spread over
     * @param rateSeconds seconds of the 200/s latency run
     * @param atomSamples posts timed to the Atom feed per run
     */
    public GatewayBench(Path work, int posts, int publishers, int rateSeconds, int atomSamples, String xmx) {
        this.work = work;
        this.posts = posts;
        this.window = Math.min(1_000, Math.max(10, posts / 10));
        this.publishers = publishers;
        this.rateSeconds = rateSeconds;
        this.atomSamples = atomSamples;
        this.xmx = xmx;
    }

    /** Measures {@code runs} times on each path and adds the figures (medians over the runs) to {@code results}. */
    public void run(int runs, Results results) throws Exception {
        delete(work);
        List<MqttLoad.Outcome> rawThroughput = new ArrayList<>();
        List<MqttLoad.Outcome> rawRate = new ArrayList<>();
        try (BareBroker broker = BareBroker.start(BareBroker.Kind.MOQUETTE, work.resolve("raw-broker"), xmx);
                MqttLoad load = rawLoad(broker.port(), publishers)) {
            load.throughput("warm-up", Math.max(100, posts / 5), window, STALL_SECONDS);
            for (int i = 0; i < runs; i++) {
                rawThroughput.add(load.throughput("raw", posts, window, STALL_SECONDS));
                rawRate.add(load.atRate("raw-rate", (int) (RATE * rateSeconds), RATE, STALL_SECONDS));
            }
        }
        List<MqttLoad.Outcome> gwThroughput = new ArrayList<>();
        List<MqttLoad.Outcome> gwRate = new ArrayList<>();
        List<long[]> atom = new ArrayList<>();
        long storedBefore;
        long storedAfter;
        int expectedPosts = 0;
        try (GatewayProcess gw = GatewayProcess.start(work.resolve("gateway"), xmx, null)) {
            List<GatewayProcess.Account> accounts = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                accounts.add(gw.createAccount("device" + i));
            }
            GatewayProcess.Account reader = gw.createAccount("reader");
            GatewayProcess.Account atomAccount = gw.createAccount("atom");
            try (MqttLoad load = gatewayLoad(gw, accounts, reader);
                    MqttLoad atomLoad = gatewayLoad(gw, List.of(atomAccount), reader)) {
                int warmUp = Math.max(100, posts / 5);
                load.throughput("warm-up", warmUp, window, STALL_SECONDS);
                storedBefore = gw.status().path("entries").asLong();
                for (int i = 0; i < runs; i++) {
                    gwThroughput.add(load.throughput("gw", posts, window, STALL_SECONDS));
                    gwRate.add(load.atRate("gw-rate", (int) (RATE * rateSeconds), RATE, STALL_SECONDS));
                    atom.add(atomLatencies(gw, atomAccount, atomLoad, i));
                    expectedPosts += posts + (int) (RATE * rateSeconds) + atomSamples;
                }
                storedAfter = gw.status().path("entries").asLong();
            }
            if (!gw.isAlive() || gw.logMentionsOutOfMemory()) {
                throw new IllegalStateException("the gateway died or ran out of memory; see " + gw.log());
            }
        }
        addFigures(results, rawThroughput, rawRate, gwThroughput, gwRate, atom);
        long stored = storedAfter - storedBefore;
        results.note(
                "gateway.stored",
                String.format(
                        "%,d entries stored by the gateway during the measured runs for %,d posts published"
                                + " (throughput, 200/s and Atom runs)",
                        stored, expectedPosts));
        if (stored < expectedPosts) {
            results.note("gateway.lostInStore", (expectedPosts - stored) + " posts published never became entries");
        }
    }

    static MqttLoad rawLoad(int port, int publishers) throws Exception {
        List<MqttLoad.Publisher> pubs = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            pubs.add(
                    new MqttLoad.Publisher(MqttLoad.connect(port, "raw-pub-" + i, null, null, 1000), "bench/raw/" + i));
        }
        MqttAsyncClient sub = MqttLoad.connect(port, "raw-sub", null, null, 1000);
        MqttLoad load = new MqttLoad(pubs, sub, payload -> new String(payload, StandardCharsets.UTF_8));
        for (MqttLoad.Publisher p : pubs) {
            // A device the broker dropped would lose its messages unseen: have it in the notes.
            p.client().setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    load.error(p.client().getClientId() + " lost its connection: " + cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {}

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
        }
        sub.subscribe("bench/raw/#", 1).waitForCompletion(30_000);
        return load;
    }

    static MqttLoad gatewayLoad(GatewayProcess gw, List<GatewayProcess.Account> accounts, GatewayProcess.Account reader)
            throws Exception {
        List<MqttLoad.Publisher> pubs = new ArrayList<>();
        for (GatewayProcess.Account a : accounts) {
            MqttAsyncClient c = MqttLoad.connect(gw.mqttPort(), a.name(), a.name(), a.mqttPassword(), 1000);
            pubs.add(new MqttLoad.Publisher(c, "scurry/post/" + a.name()));
        }
        MqttAsyncClient sub = MqttLoad.connect(
                gw.mqttPort(),
                reader.name() + "." + accounts.get(0).name(), // ACCOUNT.DEVICE: client ids are bound to accounts
                reader.name(),
                reader.mqttPassword(),
                1000);
        MqttLoad load = new MqttLoad(pubs, sub, GatewayBench::postText);
        for (MqttLoad.Publisher p : pubs) {
            // A refused post would never come back: have the gateway's reason in the notes.
            p.client().setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    load.error(p.client().getClientId() + " lost its connection: " + cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    load.error(topic + ": " + new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            p.client().subscribe(p.topic().replace("/post/", "/error/"), 1).waitForCompletion(30_000);
        }
        String filter = accounts.size() == 1 ? "scurry/feed/" + accounts.get(0).id() : "scurry/feed/#";
        sub.subscribe(filter, 1).waitForCompletion(30_000);
        return load;
    }

    /** The text of a post in entry JSON; null for anything else. */
    static String postText(byte[] payload) {
        try {
            JsonNode entry = JSON.readTree(payload);
            JsonNode text = entry.path("content").path("text");
            return text.isTextual() ? text.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Publishes {@code atomSamples} posts one at a time and polls the account's Atom feed every 5 ms
     * until each appears; returns the sorted times from publish to appearance in nanoseconds.
     */
    private long[] atomLatencies(GatewayProcess gw, GatewayProcess.Account account, MqttLoad load, int run)
            throws Exception {
        long[] times = new long[atomSamples];
        String path = "/feeds/" + account.id() + ".atom";
        for (int i = 0; i < atomSamples; i++) {
            String text = "atom probe " + run + "-" + i;
            long start = load.publishOne(text);
            long end = start + STALL_SECONDS * 1_000_000_000L;
            while (true) {
                String body = gw.getText(path);
                long now = System.nanoTime();
                if (body.contains(text)) {
                    times[i] = now - start;
                    break;
                }
                if (now > end) {
                    throw new IllegalStateException("'" + text + "' not in " + path + " after " + STALL_SECONDS + " s");
                }
                Thread.sleep(5);
            }
            Thread.sleep(50);
        }
        Arrays.sort(times);
        return times;
    }

    private void addFigures(
            Results results,
            List<MqttLoad.Outcome> rawThroughput,
            List<MqttLoad.Outcome> rawRate,
            List<MqttLoad.Outcome> gwThroughput,
            List<MqttLoad.Outcome> gwRate,
            List<long[]> atom) {
        List<Double> gwRates = Figure.values(gwThroughput, o -> o.received() / o.seconds());
        List<Double> rawRates = Figure.values(rawThroughput, o -> o.received() / o.seconds());
        results.add(Figure.of(
                        "gateway.postsPerSecond",
                        String.format("gateway MQTT → entry → feed topic, %,d posts, %d on their way", posts, window),
                        "posts/s",
                        gwRates)
                .withBaseline(TARGET_POSTS_PER_SECOND, "issue 3 target"));
        results.add(Figure.of(
                "gateway.lost",
                "posts published but never seen on the feed topic",
                "posts",
                Figure.values(gwThroughput, o -> (double) (o.lost()))));
        results.add(Figure.of(
                "raw.messagesPerSecond",
                "raw Moquette publish → subscribe, same load, nothing behind it",
                "messages/s",
                rawRates));
        results.add(
                Figure.of("gateway.ratioToRaw", "gateway ÷ raw broker throughput", "ratio", ratios(gwRates, rawRates)));
        addLatency(results, "gateway.rate200", "gateway at 200 posts/s", gwRate, TARGET_P99_MS);
        addLatency(results, "raw.rate200", "raw broker at 200 messages/s", rawRate, null);
        results.add(Figure.of(
                "gateway.rate200.p99RatioToRaw",
                "gateway ÷ raw broker p99 at 200/s",
                "ratio",
                ratios(
                        Figure.values(gwRate, o -> ms(MqttLoad.quantile(o.latencyNanos(), 0.99))),
                        Figure.values(rawRate, o -> ms(MqttLoad.quantile(o.latencyNanos(), 0.99))))));
        results.add(Figure.of(
                "gateway.atom.p50Ms",
                "MQTT publish → entry in GET /feeds/{id}.atom, median (5 ms polls)",
                "ms",
                Figure.values(atom, t -> ms(MqttLoad.quantile(t, 0.5)))));
        results.add(Figure.of(
                "gateway.atom.maxMs",
                "MQTT publish → entry in GET /feeds/{id}.atom, slowest",
                "ms",
                Figure.values(atom, t -> ms(t[t.length - 1]))));
        List<String> errors = new ArrayList<>();
        Stream.of(rawThroughput, rawRate, gwThroughput, gwRate)
                .flatMap(List::stream)
                .forEach(o -> errors.addAll(o.errors()));
        if (!errors.isEmpty()) {
            results.note("gateway.errors", String.join("; ", errors.subList(0, Math.min(10, errors.size()))));
        }
    }

    private static void addLatency(
            Results results, String key, String label, List<MqttLoad.Outcome> runs, Double p99Target) {
        results.add(Figure.of(
                key + ".p50Ms",
                label + ", p50",
                "ms",
                Figure.values(runs, o -> ms(MqttLoad.quantile(o.latencyNanos(), 0.5)))));
        Figure p99 = Figure.of(
                key + ".p99Ms",
                label + ", p99",
                "ms",
                Figure.values(runs, o -> ms(MqttLoad.quantile(o.latencyNanos(), 0.99))));
        results.add(p99Target == null ? p99 : p99.withBaseline(p99Target, "issue 3 target"));
        results.add(Figure.of(
                key + ".maxMs",
                label + ", max",
                "ms",
                Figure.values(runs, o -> ms(MqttLoad.quantile(o.latencyNanos(), 1.0)))));
        results.add(Figure.of(
                key + ".lost", label + ", never arrived", "messages", Figure.values(runs, o -> (double) o.lost())));
    }

    private static List<Double> ratios(List<Double> a, List<Double> b) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            r.add(a.get(i) / b.get(i));
        }
        return r;
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

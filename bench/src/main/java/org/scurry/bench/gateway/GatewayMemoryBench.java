package org.scurry.bench.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scurry.bench.Figure;
import org.scurry.bench.ProcInfo;
import org.scurry.bench.Results;

/**
 * Issue 3's memory target: a gateway with many hosted accounts and the three bridges running fits
 * in {@code -Xmx512m}. A real gateway ({@link GatewayProcess}, {@code -Xmx512m}, exits on an
 * OutOfMemoryError) with XMPP pointed at a real Prosody ({@link ProsodyProcess}), the embedded MQTT
 * broker and the HTTP feeds; then:
 *
 * <ol>
 *   <li>{@code accounts} accounts are created over the JSON API;
 *   <li>each follows three others (API);
 *   <li>a chat user linked to the first account posts ten times and asks for its timeline, and
 *       receives its followed accounts' posts as chat messages;
 *   <li>twenty accounts publish 50 posts each over MQTT, read back on {@code scurry/feed/#};
 *   <li>100 accounts' Atom feeds are fetched.
 * </ol>
 *
 * Then a full GC is asked for ({@code jcmd GC.run}) and the heap in use read ({@code jcmd
 * GC.heap_info}), beside the process's resident memory. Each further run restarts the gateway on
 * the same data (the accounts and follows are kept: creating them is most of a run's time, a slow
 * password hash each) and repeats steps 3–5 before measuring again, so every run is a fresh
 * gateway process holding all the accounts, with a few more entries than the run before.
 */
public final class GatewayMemoryBench {
    /** Issue 3: the heap limit the gateway must fit in. */
    public static final String XMX = "512m";

    private static final Pattern USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final String DOMAIN = "scurry.test";
    private static final String BOT_PASSWORD = "bench-bot-secret";
    private static final String USER_PASSWORD = "bench-user-secret";

    private final Path work;
    private final int accounts;

    public GatewayMemoryBench(Path work, int accounts) {
        this.work = work;
        this.accounts = accounts;
    }

    /** What one run measured. */
    private record Measured(long heap, OptionalLong rss, OptionalLong peak, long entries, int chatMessages) {}

    /**
     * Runs {@code runs} times and adds the figures. Throws when the gateway died or ran out of
     * memory; adds a note and nothing else when Prosody is not installed (IllegalStateException
     * instead when {@code requireProsody}).
     */
    public void run(Results results, boolean requireProsody, int runs) throws Exception {
        if (!ProsodyProcess.installed()) {
            String why = "Prosody is not installed (" + ProsodyProcess.PROSODY + "; apt-get install prosody)";
            if (requireProsody) {
                throw new IllegalStateException(why);
            }
            results.note("memory", "not measured: " + why);
            return;
        }
        GatewayBench.delete(work);
        Files.createDirectories(work);
        try (ProsodyProcess prosody = ProsodyProcess.create(work.resolve("prosody"), DOMAIN)) {
            prosody.register("scurrybot", BOT_PASSWORD);
            prosody.register("alice", USER_PASSWORD);
            prosody.start();
            Path config = work.resolve("gateway.properties");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "scurry.xmpp.enabled=true",
                            "scurry.xmpp.host=127.0.0.1",
                            "scurry.xmpp.port=" + prosody.port(),
                            "scurry.xmpp.domain=" + DOMAIN,
                            "scurry.xmpp.user=scurrybot",
                            "scurry.xmpp.password=" + BOT_PASSWORD,
                            "scurry.xmpp.tls.accept-self-signed=true",
                            "scurry.xmpp.rate-limit=1000",
                            ""),
                    StandardCharsets.UTF_8);
            Path data = work.resolve("gateway");
            List<GatewayProcess.Account> all;
            double createSeconds;
            List<Measured> measured = new ArrayList<>();
            try (GatewayProcess gw = GatewayProcess.start(data, XMX, config)) {
                long t0 = System.nanoTime();
                all = createAccounts(gw);
                createSeconds = (System.nanoTime() - t0) / 1e9;
                follow(gw, all);
                gw.linkJid(all.get(0).name(), "alice@" + DOMAIN);
                measured.add(load(gw, prosody, all, 1, results));
            }
            for (int r = 1; r < runs; r++) {
                try (GatewayProcess gw = GatewayProcess.start(data, XMX, config)) {
                    measured.add(load(gw, prosody, all, r + 1, results));
                }
            }
            addFigures(results, all.size(), createSeconds, measured);
        }
    }

    /** Each account follows three others (over the API, four at a time). */
    private static void follow(GatewayProcess gw, List<GatewayProcess.Account> all) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> follows = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            GatewayProcess.Account a = all.get(i);
            int index = i;
            follows.add(pool.submit(() -> {
                for (int step : new int[] {1, 7, 31}) {
                    GatewayProcess.Account b = all.get((index + step) % all.size());
                    if (!b.id().equals(a.id())) {
                        gw.follow(a.name(), b.id());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : follows) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    /**
     * Chat, MQTT and Atom traffic on a gateway holding the accounts, then its memory. Texts carry
     * the run's number: the gateway takes a repeat of a recent text for a redelivery and drops it.
     */
    private Measured load(
            GatewayProcess gw, ProsodyProcess prosody, List<GatewayProcess.Account> all, int run, Results results)
            throws Exception {
        int chatMessages;
        try (ChatClient alice = ChatClient.login(prosody, "alice", USER_PASSWORD)) {
            String bot = "scurrybot@" + DOMAIN;
            for (int i = 0; i < 10; i++) {
                alice.send(bot, "chat post " + i + " of run " + run);
            }
            alice.send(bot, "timeline 5");
            int publishers = Math.min(20, all.size() - 2); // the last account reads
            GatewayProcess.Account reader = all.get(all.size() - 1);
            MqttLoad.Outcome mqtt;
            try (MqttLoad load = GatewayBench.gatewayLoad(gw, all.subList(1, 1 + publishers), reader)) {
                mqtt = load.throughput("memory-run" + run, publishers * 50, 200, 30);
            }
            results.note(
                    "memory.mqtt",
                    String.format(
                            "%d of %d MQTT posts came back on scurry/feed/#%s",
                            mqtt.received(), mqtt.sent(), mqtt.errors().isEmpty() ? "" : "; " + mqtt.errors()));
            // Followed accounts' posts reach the chat user: wait until none came for 3 s (30 s at most).
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int last = -1;
            long quietSince = System.nanoTime();
            while (System.nanoTime() < end && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
                int now = alice.receivedCount();
                if (now != last) {
                    last = now;
                    quietSince = System.nanoTime();
                }
                Thread.sleep(100);
            }
            chatMessages = alice.receivedCount();
        }
        for (int i = 0; i < Math.min(100, all.size()); i++) {
            gw.getText("/feeds/" + all.get(i).id() + ".atom");
        }
        if (!gw.isAlive() || gw.logMentionsOutOfMemory()) {
            throw new IllegalStateException(
                    "the gateway died or ran out of memory under -Xmx" + XMX + "; see " + gw.log());
        }
        return new Measured(
                heapUsedAfterGc(gw.pid()),
                ProcInfo.rssBytes(gw.pid()),
                ProcInfo.peakRssBytes(gw.pid()),
                gw.status().path("entries").asLong(),
                chatMessages);
    }

    private static void addFigures(Results results, int accounts, double createSeconds, List<Measured> runs) {
        List<Long> entries = runs.stream().map(Measured::entries).toList();
        results.add(Figure.of("memory.accounts", "hosted accounts", "accounts", List.of((double) accounts)));
        results.add(Figure.of(
                        "memory.heapAfterGcMiB",
                        String.format(
                                "gateway heap in use after a full GC: %,d accounts, XMPP + MQTT + HTTP, %,d–%,d entries",
                                accounts, entries.get(0), entries.get(entries.size() - 1)),
                        "MiB",
                        runs.stream().map(m -> m.heap() / 1048576.0).toList())
                .withBaseline(512, "issue 3 limit (-Xmx512m)"));
        ProcInfo.mib(runs, Measured::rss)
                .ifPresent(v -> results.add(Figure.of("memory.rssMiB", "gateway resident memory", "MiB", v)));
        ProcInfo.mib(runs, Measured::peak)
                .ifPresent(v -> results.add(Figure.of("memory.peakRssMiB", "gateway peak resident memory", "MiB", v)));
        results.add(Figure.of(
                "memory.accountsCreatedPerSecond",
                "accounts created over the API (a slow password hash each; first run only)",
                "accounts/s",
                List.of(accounts / createSeconds)));
        results.note(
                "memory",
                String.format(
                        "gateway -Xmx%s stayed up, no OutOfMemoryError, in %d runs (the first creating the accounts,"
                                + " each later one a restarted gateway on the same data); %,d accounts, %,d follows;"
                                + " entries at each measurement %s; chat user received %s messages (answers and"
                                + " followed posts)",
                        XMX,
                        runs.size(),
                        accounts,
                        3 * accounts,
                        entries,
                        runs.stream().map(Measured::chatMessages).toList()));
    }

    private List<GatewayProcess.Account> createAccounts(GatewayProcess gw) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<GatewayProcess.Account>> futures = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            String name = "user" + i;
            futures.add(pool.submit(() -> gw.createAccount(name)));
        }
        List<GatewayProcess.Account> all = new ArrayList<>();
        for (Future<GatewayProcess.Account> f : futures) {
            all.add(f.get(10, TimeUnit.MINUTES));
        }
        pool.shutdown();
        return all;
    }

    /** Asks the JVM for a full GC, then reads the heap in use (jcmd). */
    static long heapUsedAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        jcmd(jcmd, pid, "GC.run");
        String info = jcmd(jcmd, pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in jcmd GC.heap_info: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String jcmd(String jcmd, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}

package org.scurry.bench.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Devices publishing numbered messages through an MQTT 3.1.1 broker (Eclipse Paho v3 clients, QoS 1)
 * and one subscriber that recognises them when they come back, possibly transformed (the gateway
 * turns a post into entry JSON). Message {@code k}'s text is {@code TAG k}; {@code textOf} finds the
 * text in a received payload. Each message is timed from its publish (or its scheduled publish time)
 * to its first arrival; repeats are counted, not timed again.
 *
 * <p>Not thread-safe: one measurement at a time.
 */
final class MqttLoad implements AutoCloseable {
    /** A publisher: a connected client and the topic it publishes on. */
    record Publisher(MqttAsyncClient client, String topic) {}

    /** What one measurement saw. */
    record Outcome(int sent, int received, int repeats, double seconds, long[] latencyNanos, List<String> errors) {
        int lost() {
            return sent - received;
        }
    }

    private final List<Publisher> publishers;
    private final MqttAsyncClient subscriber;
    private final Function<byte[], String> textOf;
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private volatile Run run;
    private int runs;

    /** One measurement's bookkeeping; arrivals for another tag are ignored. */
    private static final class Run {
        final String tag;
        final long[] sentNanos;
        final AtomicLongArray arrivedNanos;
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger repeats = new AtomicInteger();
        final Semaphore window;

        Run(String tag, int n, int window) {
            this.tag = tag + " ";
            this.sentNanos = new long[n];
            this.arrivedNanos = new AtomicLongArray(n);
            this.window = new Semaphore(window);
        }
    }

    /**
     * @param publishers connected clients; messages are spread over them in turn
     * @param subscriber a connected client, already subscribed where the messages come back
     * @param textOf the message text in a payload that arrives at the subscriber, or null if none
     */
    MqttLoad(List<Publisher> publishers, MqttAsyncClient subscriber, Function<byte[], String> textOf) {
        this.publishers = List.copyOf(publishers);
        this.subscriber = subscriber;
        this.textOf = textOf;
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                errors.add("subscriber lost its connection: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    }

    /** A connected MQTT 3.1.1 client with room for {@code maxInflight} unacknowledged QoS 1 messages. */
    static MqttAsyncClient connect(int port, String clientId, String user, String password, int maxInflight)
            throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setMaxInflight(maxInflight);
        o.setKeepAliveInterval(60);
        o.setConnectionTimeout(30);
        if (noDelay) {
            o.setSocketFactory(new NoDelaySocketFactory());
        }
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        c.connect(o).waitForCompletion(30_000);
        return c;
    }

    /**
     * Whether {@link #connect} turns Nagle's algorithm off on the clients' sockets (Paho leaves it
     * on). With it on, a broker that keeps few messages in flight per subscriber waits for the
     * subscriber's delayed PUBACKs: HiveMQ CE (50 in flight) ran at ~1,000 messages/s and a 26-42 ms
     * median at 200/s, and at 8,600 messages/s and 0.5 ms with it off. The broker comparison turns
     * it off ({@link BrokerBench}); the gateway benchmarks keep Paho's default. One measurement at a
     * time: set it before connecting.
     */
    static volatile boolean noDelay = Boolean.getBoolean("scurry.bench.mqttNoDelay");

    /** Plain sockets with Nagle's algorithm off. */
    private static final class NoDelaySocketFactory extends javax.net.SocketFactory {
        private static java.net.Socket noDelay(java.net.Socket s) throws java.io.IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            return noDelay(new java.net.Socket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(
                java.net.InetAddress host, int port, java.net.InetAddress local, int localPort)
                throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port, local, localPort));
        }
    }

    /** Records an error for the current measurement (a refusal a publisher was told about). */
    void error(String text) {
        errors.add(text);
    }

    List<Publisher> publishers() {
        return publishers;
    }

    /**
     * Publishes {@code text} once from the first publisher, outside any measurement; returns the
     * {@link System#nanoTime} just before the publish.
     */
    long publishOne(String text) throws MqttException {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        long now = System.nanoTime();
        publishers.get(0).client().publish(publishers.get(0).topic(), m);
        return now;
    }

    private void arrived(byte[] payload) {
        Run r = run;
        String text = r == null ? null : textOf.apply(payload);
        if (text == null || !text.startsWith(r.tag)) {
            return;
        }
        int k;
        try {
            k = Integer.parseInt(text.substring(r.tag.length()).trim());
        } catch (NumberFormatException e) {
            return;
        }
        if (k < 0 || k >= r.sentNanos.length) {
            return;
        }
        if (r.arrivedNanos.compareAndSet(k, 0, System.nanoTime())) {
            r.received.incrementAndGet();
            r.window.release();
        } else {
            r.repeats.incrementAndGet();
        }
    }

    /**
     * Publishes {@code n} messages as fast as the subscriber takes them back, with at most {@code
     * window} on their way at any time (published, not yet arrived): a closed loop, so the queues in
     * between stay bounded and the rate is the sustained one. Gives up on messages still missing
     * after {@code stallSeconds} without progress.
     */
    Outcome throughput(String tag, int n, int window, int stallSeconds) throws Exception {
        Run r = begin(tag, n, window);
        long start = System.nanoTime();
        int sent = 0;
        for (int k = 0; k < n; k++) {
            if (!r.window.tryAcquire(stallSeconds, TimeUnit.SECONDS)) {
                errors.add("no message came back for " + stallSeconds + " s; stopped after " + k + " of " + n);
                break;
            }
            publish(r, k);
            sent++;
        }
        awaitArrivals(r, sent, stallSeconds);
        long end = lastArrival(r, start);
        return end(r, sent, start, end);
    }

    /**
     * Publishes {@code n} messages at {@code perSecond}, each at its scheduled time (open loop), and
     * times each from that schedule, so a stall counts against every message it delays.
     */
    Outcome atRate(String tag, int n, double perSecond, int stallSeconds) throws Exception {
        Run r = begin(tag, n, 0); // no window: arrivals release permits nobody takes
        long start = System.nanoTime() + 50_000_000L;
        long interval = (long) (1e9 / perSecond);
        for (int k = 0; k < n; k++) {
            long due = start + k * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            publish(r, k);
            r.sentNanos[k] = due;
        }
        awaitArrivals(r, n, stallSeconds);
        return end(r, n, start, lastArrival(r, start));
    }

    private Run begin(String tag, int n, int window) {
        errors.clear();
        Run r = new Run(tag + "-" + (runs++), n, window);
        run = r;
        return r;
    }

    private void publish(Run r, int k) throws MqttException {
        Publisher p = publishers.get(k % publishers.size());
        MqttMessage m = new MqttMessage((r.tag + k).getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        r.sentNanos[k] = System.nanoTime();
        while (true) {
            try {
                p.client().publish(p.topic(), m);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                LockSupport.parkNanos(100_000); // the client's own window is full: wait for PUBACKs
            }
        }
    }

    private static void awaitArrivals(Run r, int sent, int stallSeconds) throws InterruptedException {
        int last = -1;
        long lastChange = System.nanoTime();
        while (r.received.get() < sent) {
            int now = r.received.get();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(stallSeconds)) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private static long lastArrival(Run r, long start) {
        long last = start;
        for (int k = 0; k < r.arrivedNanos.length(); k++) {
            last = Math.max(last, r.arrivedNanos.get(k));
        }
        return last;
    }

    private Outcome end(Run r, int sent, long start, long end) {
        run = null;
        long[] lat = new long[r.received.get()];
        int i = 0;
        for (int k = 0; k < sent && i < lat.length; k++) {
            long a = r.arrivedNanos.get(k);
            if (a != 0) {
                lat[i++] = a - r.sentNanos[k];
            }
        }
        lat = Arrays.copyOf(lat, i);
        Arrays.sort(lat);
        return new Outcome(sent, r.received.get(), r.repeats.get(), (end - start) / 1e9, lat, new ArrayList<>(errors));
    }

    /** The value at quantile {@code q} (0..1) of sorted {@code values}, nearest rank; NaN when empty. */
    static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public void close() {
        List<MqttAsyncClient> all = new ArrayList<>();
        publishers.forEach(p -> all.add(p.client()));
        all.add(subscriber);
        for (MqttAsyncClient c : all) {
            try {
                if (c.isConnected()) {
                    c.disconnect().waitForCompletion(5_000);
                }
                c.close();
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }
}

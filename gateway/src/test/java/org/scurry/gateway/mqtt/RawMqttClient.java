package org.scurry.gateway.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare MQTT 3.1.1 client over a socket, for what real client libraries will not do on request:
 * re-sending a QoS 1 PUBLISH with the DUP flag and the same packet id after dropping the connection
 * before the PUBACK, as a device does after a reconnect. Also subscribes (QoS 1, acked) so tests can
 * read a Moquette broker, which speaks MQTT 3.1.1 only.
 *
 * <pre>
 * fixed header: byte 1 = type &lt;&lt; 4 | DUP &lt;&lt; 3 | QoS &lt;&lt; 1 | RETAIN, then the remaining
 * length as a base-128 varint; strings are a 2-byte length and UTF-8.
 * </pre>
 */
final class RawMqttClient implements AutoCloseable {
    record Received(String topic, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<int[]> acks = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    private final Thread reader;
    private int nextSubscribeId = 0x4000;

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::readLoop, "raw-mqtt-reader");
        reader.setDaemon(true);
    }

    /** Connects and waits for CONNACK; throws IOException when refused. */
    static RawMqttClient connect(int port, String clientId, String user, String password, boolean cleanSession)
            throws IOException {
        RawMqttClient c = new RawMqttClient(new Socket("127.0.0.1", port));
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, "MQTT");
        v.write(4);
        v.write(0x80 | 0x40 | (cleanSession ? 0x02 : 0));
        v.write(0);
        v.write(60);
        string(v, clientId);
        string(v, user);
        string(v, password);
        c.send(0x10, v.toByteArray());
        DataInputStream in = new DataInputStream(c.socket.getInputStream());
        int type = in.readUnsignedByte();
        int len = in.readUnsignedByte();
        byte[] body = in.readNBytes(len);
        if (type != 0x20 || body.length != 2 || body[1] != 0) {
            c.close();
            throw new IOException("connection refused: CONNACK return code " + (body.length > 1 ? body[1] : -1));
        }
        c.reader.start();
        return c;
    }

    /** Sends a QoS 1 PUBLISH with the given packet id and DUP flag; does not wait for PUBACK. */
    void publish(String topic, byte[] payload, int packetId, boolean dup) throws IOException {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, topic);
        v.write(packetId >> 8);
        v.write(packetId & 0xff);
        v.write(payload);
        send(0x30 | (dup ? 0x08 : 0) | 0x02, v.toByteArray());
    }

    /** Waits for the PUBACK of {@code packetId}. */
    boolean awaitPuback(int packetId, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (int[] ack; (ack = acks.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (ack[0] == 0x40 && ack[1] == packetId) {
                return true;
            }
        }
        return false;
    }

    /** Subscribes with QoS 1 and waits for SUBACK; returns the granted QoS (0x80 = refused). */
    int subscribe(String filter) throws IOException, InterruptedException {
        int id = nextSubscribeId++; // its own id, so a late SUBACK of an earlier call is not taken for this one
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(id >> 8);
        v.write(id & 0xff);
        string(v, filter);
        v.write(1);
        // Re-sent every 2 s until the SUBACK, for up to 30 s like the suite's other waits for a
        // server. When the broker dropped the connection the re-send fails with an IOException
        // (see subscribed() for that case).
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            send(0x82, v.toByteArray());
            long retryAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (int[] ack; (ack = acks.poll(retryAt - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                if (ack[0] == 0x90 && ack[1] == id) {
                    return ack[2];
                }
            }
        }
        throw new IOException("no SUBACK for " + filter);
    }

    /**
     * Connects and subscribes to {@code filters}, connecting again (up to 5 times) when the broker
     * drops the connection: Moquette closes a connection whose SUBSCRIBE arrives right after its
     * CONNACK, before it marked the session connected ("SUBSCRIBE received on already closed
     * connection" in its log), which a client only sees as a broken pipe.
     */
    static RawMqttClient subscribed(int port, String clientId, String user, String password, String... filters)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RawMqttClient c = connect(port, clientId, user, password, true);
            try {
                for (String f : filters) {
                    if (c.subscribe(f) != 1) {
                        throw new IOException("subscription refused: " + f);
                    }
                }
                return c;
            } catch (IOException e) {
                c.close();
                last = e;
            }
        }
        throw last;
    }

    /** Sends PINGREQ, so that a long test does not outlast the 60 s keep-alive. */
    void ping() throws IOException {
        send(0xC0, new byte[0]);
    }

    /** The next message received, or null after {@code timeout}. */
    Received next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int header = in.readUnsignedByte();
                int len = 0;
                for (int shift = 0, b; ; shift += 7) {
                    b = in.readUnsignedByte();
                    len |= (b & 0x7f) << shift;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                byte[] body = in.readNBytes(len);
                int type = header & 0xf0;
                if (type == 0x30) {
                    int qos = (header >> 1) & 3;
                    int tlen = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
                    String topic = new String(body, 2, tlen, StandardCharsets.UTF_8);
                    int pos = 2 + tlen;
                    if (qos > 0) {
                        int id = ((body[pos] & 0xff) << 8) | (body[pos + 1] & 0xff);
                        pos += 2;
                        send(0x40, new byte[] {(byte) (id >> 8), (byte) id});
                    }
                    byte[] payload = java.util.Arrays.copyOfRange(body, pos, body.length);
                    messages.add(new Received(topic, payload));
                } else if (type == 0x40 || type == 0x90) {
                    int id = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
                    acks.add(new int[] {type, id, body.length > 2 ? body[2] & 0xff : 0});
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private synchronized void send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(header);
        int len = body.length;
        do {
            int b = len & 0x7f;
            len >>>= 7;
            p.write(len > 0 ? b | 0x80 : b);
        } while (len > 0);
        p.write(body);
        out.write(p.toByteArray());
        out.flush();
    }

    private static void string(ByteArrayOutputStream v, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        v.write(b.length >> 8);
        v.write(b.length & 0xff);
        v.writeBytes(b);
    }

    /** Drops the TCP connection without DISCONNECT, as a device losing its network does. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

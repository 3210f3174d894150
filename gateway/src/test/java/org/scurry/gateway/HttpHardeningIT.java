package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's HTTP server attacked over raw sockets, as issue 14 found it: slow clients holding
 * connections, more connections than it should keep, aborted requests logged as errors, a Host
 * header a DNS-rebinding page would send, an account's reads without the token, and bodies that are
 * not one JSON object of Unicode text. One real gateway process for the class, with short time-outs
 * and a small connection cap so that each attack is quick to show.
 */
class HttpHardeningIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int CAP = 6;

    @TempDir
    static Path dir;

    static GatewayProcess gateway;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayProcess.options(dir.resolve("node"))
                .withoutMqtt()
                .config("scurry.http.header-timeout-seconds=5")
                .config("scurry.http.body-timeout-seconds=5")
                .config("scurry.http.max-connections=" + CAP)
                .config("scurry.http.max-connections-per-address=" + CAP)
                .config("scurry.http.allowed-hosts=node.example")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        // the next test starts when the server has let go of them (it answers again)
        await().atMost(WAIT).until(() -> status(request("GET", "/api/status", "127.0.0.1", null, null, null)) == 200);
    }

    @Test
    void slowClientsAreClosedAndTheNodeKeepsAnswering() throws Exception {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = open();
            trickle(s, "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Slow: y\r\n".repeat(1000));
            slow.add(s);
        }
        Socket slowBody = open();
        slowBody.getOutputStream()
                .write(("POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100\r\n\r\n{\"text\"")
                        .getBytes(StandardCharsets.US_ASCII));
        slow.add(slowBody);

        for (Socket s : slow) {
            await("the server closes a slow client").atMost(WAIT).until(() -> closedByServer(s));
        }
        assertThat(status(request("GET", "/api/status", "127.0.0.1", null, null, null)))
                .isEqualTo(200);
    }

    @Test
    void aConnectionOverTheCapIsClosedBeforeItsRequestIsRead() throws Exception {
        for (int i = 0; i < CAP; i++) {
            open(); // idle: each holds a place until the header time-out
        }
        String answer = request("GET", "/api/status", "127.0.0.1", null, null, null);
        assertThat(answer).as("no answer beyond the cap").isEmpty();
    }

    @Test
    void anAbortedRequestIsNotAnErrorInTheLog() throws Exception {
        for (int i = 0; i < 3; i++) {
            Socket s = open();
            s.getOutputStream()
                    .write(("POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 1000\r\n\r\n{\"text\": \"gone")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.close();
        }
        assertThat(status(request("GET", "/api/status", "127.0.0.1", null, null, null)))
                .isEqualTo(200);
        // The former server logged "ERROR RoutingContext - Unhandled exception in router" for each
        // within milliseconds; give it a few seconds to show.
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> !gateway.log()
                .contains("ERROR"));
        assertThat(gateway.log()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void onlyHostsThatNameThisNodeAreServed() throws Exception {
        String evil = request("GET", "/api/status", "rebind.attacker.example:" + gateway.httpPort, null, null, null);
        assertThat(status(evil)).isEqualTo(421);
        assertThat(error(evil)).contains("does not serve the host rebind.attacker.example:" + gateway.httpPort);
        assertThat(status(request("GET", "/feeds/x.atom", "rebind.attacker.example", null, null, null)))
                .as("the feeds too")
                .isEqualTo(421);
        for (String host : List.of(
                "127.0.0.1:" + gateway.httpPort,
                "localhost:" + gateway.httpPort,
                "LOCALHOST",
                "node.example",
                "[::1]")) {
            assertThat(status(request("GET", "/api/status", host, null, null, null)))
                    .as(host)
                    .isEqualTo(200);
        }
        assertThat(status(raw("GET /api/status HTTP/1.0\r\n\r\n")))
                .as("no Host")
                .isEqualTo(421);
    }

    @Test
    void anAccountsReadsNeedTheToken() throws Exception {
        String created = request(
                "POST", "/api/accounts", "127.0.0.1", gateway.token(), "application/json", "{\"name\":\"alice\"}");
        assertThat(status(created)).isIn(201, 409);
        for (String path : List.of("/api/timeline?as=alice", "/api/follows?as=alice", "/api/accounts")) {
            String without = request("GET", path, "127.0.0.1", null, null, null);
            assertThat(status(without)).as(path).isEqualTo(401);
            assertThat(error(without)).contains("needs the header Authorization: Bearer TOKEN");
            assertThat(status(request("GET", path, "127.0.0.1", gateway.token(), null, null)))
                    .as(path + " with the token")
                    .isEqualTo(200);
        }
        assertThat(status(request("GET", "/api/timeline", "127.0.0.1", null, null, null)))
                .as("the node's own public reads stay open")
                .isEqualTo(200);
    }

    @Test
    void aBodyMustBeOneJsonObjectOfUnicodeText() throws Exception {
        String token = gateway.token();
        String junk = request("POST", "/api/posts", "127.0.0.1", token, "application/json", "{\"text\":\"x\"} junk");
        assertThat(status(junk)).isEqualTo(400);
        assertThat(error(junk)).startsWith("malformed JSON");
        String surrogate =
                request("POST", "/api/posts", "127.0.0.1", token, "application/json", "{\"text\":\"\\ud800\"}");
        assertThat(status(surrogate)).isEqualTo(400);
        assertThat(error(surrogate)).contains("unpaired surrogate \\uD800");
        byte[] cesu = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        String notUtf8 = request("POST", "/api/posts", "127.0.0.1", token, "application/json", cesu);
        assertThat(status(notUtf8)).isEqualTo(400);
        assertThat(error(notUtf8)).isEqualTo("malformed JSON: the body is not UTF-8 text");
        String form = request("POST", "/api/posts", "127.0.0.1", token, "application/x-www-form-urlencoded", "text=hi");
        assertThat(status(form)).isEqualTo(415);
        assertThat(error(form))
                .contains("Content-Type: application/json")
                .contains("application/x-www-form-urlencoded");
        assertThat(status(request("POST", "/api/posts", "127.0.0.1", token, "text/plain", "{\"text\":\"hi\"}")))
                .isEqualTo(415);
        String tooLarge =
                raw("POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{\"text\":");
        assertThat(status(tooLarge)).isEqualTo(413);
        assertThat(error(tooLarge)).isEqualTo("the request body is larger than 1048576 bytes");

        String id = JSON.readTree(body(request("GET", "/api/status", "127.0.0.1", null, null, null)))
                .path("id")
                .asText();
        JsonNode feed = JSON.readTree(body(request("GET", "/api/feeds/" + id, "127.0.0.1", null, null, null)));
        assertThat(feed.path("entries")).as("nothing was posted").isEmpty();
    }

    // ---- raw HTTP ------------------------------------------------------------------------------

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", gateway.httpPort);
        s.setSoTimeout(200);
        sockets.add(s);
        return s;
    }

    /** Sends {@code text} one byte every 200 ms from a daemon thread, until the server closes. */
    private static void trickle(Socket s, String text) {
        Thread t = new Thread(() -> {
            try {
                OutputStream out = s.getOutputStream();
                for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException closed) {
                // the server closed it: what the test waits for
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** True once the server has closed {@code s} (end of stream or reset); false while it is open. */
    private static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String request(String method, String path, String host, String token, String type, Object body)
            throws IOException {
        byte[] bytes = body == null
                ? new byte[0]
                : body instanceof byte[] b ? b : body.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\nConnection: close\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        if (!method.equals("GET")) {
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        req.writeBytes(bytes);
        return raw(req.toByteArray());
    }

    private static String raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends one request on a new connection and reads until the server closes it ("" if it said nothing). */
    private static String raw(byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", gateway.httpPort)) {
            s.setSoTimeout(30_000);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (IOException closedBeforeWeWrote) {
                return "";
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(out);
            } catch (IOException reset) {
                // what arrived before the reset is the answer
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        if (!response.startsWith("HTTP/1.")) {
            return -1;
        }
        return Integer.parseInt(response.substring(9, 12));
    }

    private static String body(String response) {
        String b = response.substring(response.indexOf("\r\n\r\n") + 4);
        if (response.toLowerCase().contains("transfer-encoding: chunked")) {
            StringBuilder joined = new StringBuilder();
            int i = 0;
            while (true) {
                int eol = b.indexOf("\r\n", i);
                int size = Integer.parseInt(b.substring(i, eol).trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(b, eol + 2, eol + 2 + size);
                i = eol + 2 + size + 2;
            }
            return joined.toString();
        }
        return b;
    }

    private static String error(String response) throws IOException {
        return JSON.readTree(body(response)).path("error").asText();
    }
}

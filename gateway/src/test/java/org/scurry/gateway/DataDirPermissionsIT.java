package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.gateway.mqtt.PahoDevice;

/**
 * The README's promise that a node's files are its owner's alone, checked on the files a real
 * gateway process leaves: started by {@code java} directly under umask 000 in a data directory that
 * already existed (mode 755), then again through {@code ./scurry} under umask 022 after an older
 * version's wider modes and broker files were left behind. Every directory must be {@code
 * rwx------} and every file {@code rw-------}, and a protected post opened for its reader and queued
 * for his offline MQTT session must be in no file at all.
 */
class DataDirPermissionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyFileIsOwnerOnlyWhateverTheUmaskAndNoProtectedTextIsOnDisk() throws Exception {
        Path data = dir.resolve("node");
        Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String secret = "SECRET-" + Long.toHexString(System.nanoTime());

        try (GatewayProcess g =
                GatewayProcess.options(data).directJava().umask("000").start()) {
            JsonNode bobAccount = createAccount(g, "bob");
            String bob = bobAccount.path("mqttPassword").asText();
            String aliceId = createAccount(g, "alice").path("id").asText();
            call(g, "POST", "/api/follows", "bob", "{\"id\":\"" + aliceId + "\"}", 201);
            call(g, "POST", "/api/protect", "alice", "{\"on\":true}", 200);
            call(
                    g,
                    "POST",
                    "/api/followers",
                    "alice",
                    "{\"id\":\"" + bobAccount.path("id").asText() + "\"}",
                    201);

            // bob's two devices keep persistent sessions and go offline
            for (String device : List.of("bob", "bob.tablet")) {
                PahoDevice d = PahoDevice.subscribed(g.mqttPort, device, "bob", bob, false, "scurry/timeline/bob");
                d.disconnect();
                d.close();
            }
            call(g, "POST", "/api/posts", "alice", "{\"text\":\"" + secret + "\"}", 201);

            // the post was opened for bob and queued for his sessions: the tablet gets it back
            try (PahoDevice tablet = PahoDevice.connect(g.mqttPort, "bob.tablet", "bob", bob, false)) {
                PahoDevice.Received r = tablet.next("scurry/timeline/bob", java.time.Duration.ofSeconds(30));
                assertThat(r).as("the queued timeline message").isNotNull();
                assertThat(r.text()).contains(secret);
            }
            assertNoFileHolds(data, secret);
            assertOwnerOnly(data);
        }
        // after a clean stop too (stores flush and compact on close)
        assertNoFileHolds(data, secret);
        assertOwnerOnly(data);

        // What an older version left: wide modes, and the broker's files with queued posts in clear.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("store"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("store/scurry.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data.resolve("api-token"), PosixFilePermissions.fromString("rw-r--r--"));
        Path mqtt = Files.createDirectories(data.resolve("mqtt"));
        Files.writeString(mqtt.resolve("moquette_store.h2"), "queued: LEFTOVER-" + secret);
        Files.writeString(mqtt.resolve("0.page"), "queued: LEFTOVER-" + secret);
        Files.writeString(mqtt.resolve(".moquette_uuid"), "0e5b2a6c-install-id");

        try (GatewayProcess g = GatewayProcess.options(data).umask("022").start()) {
            createAccount(g, "carol"); // new files under accounts/ after the start
            assertOwnerOnly(data);
            assertNoFileHolds(data, secret);
            assertThat(g.log()).contains("removed 3 file(s) of the former on-disk MQTT broker state");
        }
        assertThat(data.resolve("mqtt")).doesNotExist();
        assertOwnerOnly(data);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Creates an account: {"name", "id", "mqttPassword", "timelineToken"}. */
    private JsonNode createAccount(GatewayProcess g, String name) throws Exception {
        return call(g, "POST", "/api/accounts", null, "{\"name\":\"" + name + "\"}", 201);
    }

    private JsonNode call(GatewayProcess g, String method, String path, String as, String body, int expected)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(g.url() + path))
                .header("Authorization", "Bearer " + g.token())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (as != null) {
            b.header("X-Scurry-As", as);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isIn(expected, 200);
        return JSON.readTree(r.body());
    }

    private static void assertOwnerOnly(Path root) throws IOException {
        List<String> wrong = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.toList();
        }
        for (Path p : all) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue; // a library's temporary file, gone meanwhile
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> expected = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE;
            if (!perms.equals(expected)) {
                wrong.add(PosixFilePermissions.toString(perms) + " " + root.relativize(p));
            }
        }
        assertThat(wrong)
                .as("files and directories under %s that are not owner-only", root)
                .isEmpty();
        assertThat(all).as("the walk saw the store").anyMatch(p -> p.endsWith("scurry.mv.db"));
    }

    private static void assertNoFileHolds(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue;
            }
            assertThat(indexOf(bytes, needle))
                    .as("%s holds the protected text in clear", root.relativize(f))
                    .isNegative();
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

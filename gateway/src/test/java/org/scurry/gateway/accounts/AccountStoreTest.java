package org.scurry.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.accounts.AccountConflictException;
import org.scurry.bridges.accounts.AccountRegistry.NewAccount;
import org.scurry.bridges.json.EntryJson;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;

/** The account store on real files under a temp dir: encryption at rest, tampering, keys, secrets. */
class AccountStoreTest {
    @TempDir
    Path data;

    private final List<Ed25519Signer> hosted = new ArrayList<>();
    private final List<String> announced = new ArrayList<>();

    private final AccountStore.Host host = new AccountStore.Host() {
        @Override
        public void host(Ed25519Signer key) {
            hosted.add(key);
        }

        @Override
        public void announce(FeedId id, String name) {
            announced.add(name + " " + id);
        }
    };

    /** Few PBKDF2 iterations: the cost is not what these tests are about (one test checks the real one). */
    private static final int FAST = 1_000;

    private AccountStore open() {
        return AccountStore.open(data, null, host, FAST);
    }

    @Test
    void createdAccountIsHostedAnnouncedAndFoundByNameAndFeed() {
        AccountStore store = open();

        NewAccount alice = store.create("alice");

        assertThat(alice.account().name()).isEqualTo("alice");
        assertThat(hosted).hasSize(1);
        assertThat(FeedId.of(hosted.get(0).publicKey()))
                .isEqualTo(alice.account().id());
        assertThat(announced).containsExactly("alice " + alice.account().id());
        assertThat(store.byName("alice")).contains(alice.account());
        assertThat(store.byFeed(alice.account().id())).contains(alice.account());
        assertThat(store.byName("bob")).isEmpty();
        assertThat(store.list()).containsExactly(alice.account());
        assertThat(alice.toString()).doesNotContain(alice.mqttPassword()).doesNotContain(alice.timelineToken());
    }

    @Test
    void accountsSurviveReopeningWithTheSameKeys() {
        AccountStore first = open();
        NewAccount alice = first.create("alice");
        first.linkJid("alice", "Alice@Example.org/phone");
        Ed25519Signer key = first.signer("alice").orElseThrow();
        hosted.clear();

        AccountStore again = open();

        assertThat(again.byName("alice").orElseThrow().jid()).isEqualTo("alice@example.org");
        assertThat(again.signer("alice")).contains(key);
        assertThat(hosted).containsExactly(key);
        assertThat(again.checkMqttPassword("alice", alice.mqttPassword())).isTrue();
        assertThat(again.checkTimelineToken("alice", alice.timelineToken())).isTrue();
    }

    @Test
    void theRecordDoesNotHoldTheSeedNorTheSecretsInClear() throws Exception {
        AccountStore store = open();
        NewAccount alice = store.create("alice");
        byte[] seed = store.signer("alice").orElseThrow().seed();

        String file = Files.readString(data.resolve("accounts/alice.json"), StandardCharsets.UTF_8);
        byte[] raw = Files.readAllBytes(data.resolve("accounts/alice.json"));

        assertThat(file)
                .contains("\"name\" : \"alice\"")
                .contains(alice.account().id().toString())
                .doesNotContain(Base64Url.encode(seed))
                .doesNotContain(HexFormat.of().formatHex(seed))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(seed))
                .doesNotContain(alice.mqttPassword())
                .doesNotContain(alice.timelineToken());
        assertThat(indexOf(raw, seed)).isNegative();
        String masterKey = Files.readString(data.resolve("master.key"));
        assertThat(masterKey).startsWith("scurry-master-key-v1 ").doesNotContain(Base64Url.encode(seed));
    }

    @Test
    void filesAndDirectoryAreOwnerOnly() throws Exception {
        open().create("alice");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("accounts/alice.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("accounts"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(data.resolve("accounts"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("alice.json");
        }
    }

    @Test
    void aRecordReadableByOthersIsRefused() throws Exception {
        open().create("alice");
        Path file = data.resolve("accounts/alice.json");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("accessible by group or others")
                .hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void noMasterKeyFileUntilTheFirstAccount() {
        AccountStore store = open();
        assertThat(data.resolve("master.key")).doesNotExist();

        store.create("alice");

        assertThat(data.resolve("master.key")).exists();
    }

    @Test
    void aTamperedSealIsRefusedClearly() throws Exception {
        open().create("alice");
        ObjectNode json = readRecord("alice");
        ObjectNode key = (ObjectNode) json.get("key");
        byte[] seed = Base64Url.decode(key.get("seed").asText());
        seed[20] ^= 1;
        key.put("seed", Base64Url.encode(seed));
        writeRecord("alice", json);

        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("account alice")
                .hasMessageContaining("failed its integrity check");
    }

    @Test
    void aChangedPublicFieldIsRefusedToo() throws Exception {
        open().create("alice");
        Path file = data.resolve("accounts/alice.json");
        byte[] original = Files.readAllBytes(file);

        ObjectNode json = readRecord("alice");
        json.put("mqttPassword", PasswordHash.hash("an attacker's password"));
        writeRecord("alice", json);
        assertThatThrownBy(this::open).hasMessageContaining("failed its integrity check");

        Files.write(file, original);
        json = readRecord("alice");
        json.put("jid", "mallory@example.org");
        writeRecord("alice", json);
        assertThatThrownBy(this::open).hasMessageContaining("failed its integrity check");

        Files.write(file, original);
        assertThat(open().byName("alice")).isPresent();
    }

    @Test
    void aRecordCopiedUnderAnotherNameIsRefused() throws Exception {
        open().create("alice");
        Files.copy(data.resolve("accounts/alice.json"), data.resolve("accounts/mallory.json"));

        assertThatThrownBy(this::open).hasMessageContaining("holds account alice, not mallory");
    }

    @Test
    void aWrongMasterKeyFailsClearly() throws Exception {
        open().create("alice");
        String wrong = MasterKey.generate().encoded();

        assertThatThrownBy(() -> AccountStore.open(data, wrong, host, FAST))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("account alice")
                .hasMessageContaining("was encrypted with master key")
                .hasMessageContaining("SCURRY_MASTER_KEY")
                .hasMessageNotContaining(wrong);
    }

    @Test
    void aMissingMasterKeyIsNotReplacedByANewOne() throws Exception {
        open().create("alice");
        Files.delete(data.resolve("master.key"));

        assertThatThrownBy(this::open)
                .hasMessageContaining("there is no master key")
                .hasMessageContaining("restore");
        assertThat(data.resolve("master.key")).doesNotExist();
    }

    @Test
    void theMasterKeyFromTheEnvironmentNeverTouchesTheDisk() {
        String key = MasterKey.generate().encoded();
        NewAccount alice = AccountStore.open(data, key, host, FAST).create("alice");

        assertThat(data.resolve("master.key")).doesNotExist();
        AccountStore again = AccountStore.open(data, key, host, FAST);
        assertThat(again.byName("alice")).contains(alice.account());
        assertThatThrownBy(this::open).hasMessageContaining("there is no master key");
    }

    @Test
    void aMalformedMasterKeyInTheEnvironmentIsNotQuoted() {
        assertThatThrownBy(() ->
                        AccountStore.open(data, "not-a-key-at-all", host, FAST).create("alice"))
                .hasMessageContaining("SCURRY_MASTER_KEY must be 32 bytes")
                .hasMessageNotContaining("not-a-key-at-all");
    }

    @Test
    void namesAreCheckedAndUnique() {
        AccountStore store = open();
        store.create("alice");

        assertThatThrownBy(() -> store.create("alice"))
                .isInstanceOf(AccountConflictException.class)
                .hasMessageContaining("alice already exists");
        for (String bad : new String[] {"", "Alice", "a b", "x".repeat(33), "../etc", "ada.json"}) {
            assertThatThrownBy(() -> store.create(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a-z, 0-9, _ and -");
        }
        assertThat(store.create("x".repeat(32)).account().name()).hasSize(32);
        assertThat(store.create("b_o-b9").account().name()).isEqualTo("b_o-b9");
    }

    @Test
    void mqttPasswordsAreCheckedAndReplaced() {
        AccountStore store = open();
        NewAccount alice = store.create("alice");

        assertThat(store.checkMqttPassword("alice", alice.mqttPassword())).isTrue();
        assertThat(store.checkMqttPassword("alice", alice.mqttPassword() + "x")).isFalse();
        assertThat(store.checkMqttPassword("alice", null)).isFalse();
        assertThat(store.checkMqttPassword("nobody", alice.mqttPassword())).isFalse();

        String fresh = store.newMqttPassword("alice");

        assertThat(fresh).isNotEqualTo(alice.mqttPassword()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(store.checkMqttPassword("alice", fresh)).isTrue();
        assertThat(store.checkMqttPassword("alice", alice.mqttPassword())).isFalse();
        assertThat(open().checkMqttPassword("alice", fresh)).isTrue();
    }

    @Test
    void timelineTokensAreCheckedAndReplaced() {
        AccountStore store = open();
        NewAccount alice = store.create("alice");
        store.create("bob");

        assertThat(Base64Url.decode(alice.timelineToken())).hasSize(32);
        assertThat(store.checkTimelineToken("alice", alice.timelineToken())).isTrue();
        assertThat(store.checkTimelineToken("bob", alice.timelineToken())).isFalse();
        assertThat(store.checkTimelineToken("alice", null)).isFalse();

        String fresh = store.newTimelineToken("alice");

        assertThat(store.checkTimelineToken("alice", fresh)).isTrue();
        assertThat(store.checkTimelineToken("alice", alice.timelineToken())).isFalse();
    }

    @Test
    void jidsAreBareLowerCaseUniqueAndCanBeUnlinked() {
        AccountStore store = open();
        store.create("alice");
        store.create("bob");

        Account linked = store.linkJid("alice", " Alice@Example.ORG/laptop ");

        assertThat(linked.jid()).isEqualTo("alice@example.org");
        assertThat(store.byJid("ALICE@example.org/phone")).contains(linked);
        assertThatThrownBy(() -> store.linkJid("bob", "alice@example.org"))
                .isInstanceOf(AccountConflictException.class)
                .hasMessageContaining("already linked to account alice");
        assertThatThrownBy(() -> store.linkJid("bob", "not a jid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an XMPP address");
        assertThatThrownBy(() -> store.linkJid("carol", "c@example.org"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no account named carol");

        store.linkJid("alice", "alice@other.example");
        assertThat(store.byJid("alice@example.org")).isEmpty();
        store.linkJid("bob", "alice@example.org");
        assertThat(store.byJid("alice@example.org").orElseThrow().name()).isEqualTo("bob");
        assertThat(store.linkJid("bob", null).jid()).isNull();
        assertThat(store.byJid("alice@example.org")).isEmpty();
    }

    @Test
    void theProductionStoreHashesWithTheFullCost() throws Exception {
        NewAccount alice = AccountStore.open(data, null, host).create("alice");

        assertThat(readRecord("alice").get("mqttPassword").asText())
                .startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$");
        assertThat(open().checkMqttPassword("alice", alice.mqttPassword())).isTrue();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private ObjectNode readRecord(String name) throws Exception {
        return (ObjectNode) EntryJson.MAPPER.readTree(
                data.resolve("accounts/" + name + ".json").toFile());
    }

    private void writeRecord(String name, ObjectNode json) throws Exception {
        Files.writeString(data.resolve("accounts/" + name + ".json"), json.toPrettyString());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

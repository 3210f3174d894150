package org.scurry.gateway.accounts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.accounts.AccountConflictException;
import org.scurry.bridges.accounts.AccountRegistry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's hosted accounts (DESIGN.md §8): names, Ed25519 keys encrypted at rest, links and
 * the hashes of their secrets. Opening the store loads every account and hands its key to the
 * {@link Host} (the node), so its feed and follows replicate as the node's own.
 *
 * <p><b>Why one JSON file per account rather than an H2 table.</b> Accounts are few (tens to
 * thousands), written rarely and read once at start; the node's H2 store belongs to the swarm
 * module and holds only public, signed data. Keeping the secrets in separate owner-only files
 * keeps them out of the store (which peers' data and debugging copies go through), lets an
 * operator back up, restore or remove one account with {@code cp}, and needs no schema migration.
 * Each write is atomic (see {@link AccountFiles}).
 *
 * <p><b>Keys at rest.</b> Envelope encryption: each record's seed is sealed under a fresh random
 * data key, which is wrapped by the {@link MasterKey} (ChaCha20-Poly1305 both times, random nonces,
 * the record's other fields, name first, as associated data). See {@link AccountRecord}.
 *
 * <p><b>Secrets.</b> The MQTT password (24 random bytes) is kept as a PBKDF2 hash; the timeline
 * token (32 random bytes) as a SHA-256 hash, compared in constant time. Both exist in clear only in
 * the answer to the call that made them. Nothing here logs a secret. After a password has passed the
 * slow check once, its SHA-256 is remembered in memory, so that reconnecting clients cost a fast
 * constant-time compare; a new password forgets it.
 *
 * <p>Thread-safe: reads are lock-free from in-memory indexes; writes are serialised, and each
 * returns once the record is durable.
 */
public final class AccountStore implements AccountRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AccountStore.class);
    private static final Pattern BARE_JID = Pattern.compile("[^@/\\s]{1,1023}@[^@/\\s]{1,1023}");
    private static final int PASSWORD_BYTES = 24;
    private static final int TOKEN_BYTES = 32;

    /** Where account keys go to be used: the node. */
    public interface Host {
        /** Starts hosting the identity (called for each account at open, and for each new one). */
        void host(Ed25519Signer key);

        /** Publishes the new account's profile entry with its name as display name. */
        void announce(FeedId id, String name);

        /** The node as a host: {@link Node#host} and {@link Node#setProfile}. */
        static Host of(Node node) {
            return new Host() {
                @Override
                public void host(Ed25519Signer key) {
                    node.host(key);
                }

                @Override
                public void announce(FeedId id, String name) {
                    node.setProfile(id, name, null);
                }
            };
        }
    }

    private record Held(AccountRecord record, Ed25519Signer signer) {}

    private final AccountFiles files;
    private final MasterKey.Source keys;
    private final Host host;
    private final ConcurrentHashMap<String, Held> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FeedId, String> byFeed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> byJid = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, byte[]> passwordsSeen = new ConcurrentHashMap<>();
    private final int iterations;
    private volatile String dummyHash;
    private MasterKey master; // guarded by this; loaded when first needed

    private AccountStore(AccountFiles files, MasterKey.Source keys, Host host, int iterations) {
        this.files = files;
        this.keys = keys;
        this.host = host;
        this.iterations = iterations;
    }

    /**
     * Opens the accounts of {@code dataDir}, decrypts every key and hosts it. The master key comes
     * from {@code envMasterKey} (the value of {@value MasterKey#ENV}) when not null, else from
     * {@code DATA_DIR/master.key}, which is created only when the first account is. Throws
     * IllegalStateException, with a message fit to show, when a record cannot be read or decrypted
     * (wrong master key, changed or corrupt file): the gateway should not start half its accounts.
     */
    public static AccountStore open(Path dataDir, String envMasterKey, Host host) {
        return open(dataDir, envMasterKey, host, PasswordHash.ITERATIONS);
    }

    /** As above, hashing new passwords with {@code iterations} of PBKDF2 (tests use fewer). */
    static AccountStore open(Path dataDir, String envMasterKey, Host host, int iterations) {
        AccountStore store = new AccountStore(
                new AccountFiles(dataDir),
                new MasterKey.Source(dataDir.resolve(MasterKey.FILE), envMasterKey),
                host,
                iterations);
        store.load();
        return store;
    }

    private synchronized void load() {
        List<AccountRecord> records = files.readAll();
        if (records.isEmpty()) {
            return;
        }
        master = keys.existing()
                .orElseThrow(() -> new IllegalStateException(records.size() + " account(s) in " + files.dir()
                        + " are encrypted, but there is no master key: restore " + keys.describe()
                        + " from your backup, or set " + MasterKey.ENV));
        for (AccountRecord r : records) {
            Ed25519Signer signer = r.open(master, files.file(r.name()).toString());
            index(new Held(r, signer));
            host.host(signer);
        }
        LOG.info("hosting {} account(s); master key {}", records.size(), master);
    }

    // ---- AccountDirectory ----------------------------------------------------------------------

    @Override
    public List<Account> list() {
        return byName.values().stream()
                .map(h -> h.record().account())
                .sorted(Comparator.comparing(Account::name))
                .toList();
    }

    @Override
    public Optional<Account> byName(String name) {
        return held(name).map(h -> h.record().account());
    }

    @Override
    public Optional<Account> byJid(String jid) {
        if (jid == null) {
            return Optional.empty();
        }
        String name = byJid.get(bareJid(jid));
        return name == null ? Optional.empty() : byName(name);
    }

    @Override
    public Optional<Account> byFeed(FeedId feed) {
        String name = feed == null ? null : byFeed.get(feed);
        return name == null ? Optional.empty() : byName(name);
    }

    @Override
    public boolean checkMqttPassword(String name, String password) {
        Optional<Held> h = held(name);
        if (h.isEmpty() || password == null) {
            if (dummyHash == null) {
                dummyHash = PasswordHash.hash("not anyone's password", iterations);
            }
            return PasswordHash.verifyNothing(password, dummyHash);
        }
        byte[] digest = sha256(password);
        byte[] seen = passwordsSeen.get(name);
        if (seen != null && MessageDigest.isEqual(seen, digest)) {
            return true;
        }
        String stored = h.get().record().mqttPassword();
        if (!PasswordHash.verify(password, stored)) {
            return false;
        }
        synchronized (this) { // not if the password changed meanwhile
            if (byName.get(name).record().mqttPassword().equals(stored)) {
                passwordsSeen.put(name, digest);
            }
        }
        return true;
    }

    @Override
    public boolean checkTimelineToken(String name, String token) {
        Optional<Held> h = held(name);
        if (h.isEmpty() || token == null) {
            return false;
        }
        return MessageDigest.isEqual(
                tokenHash(token).getBytes(StandardCharsets.US_ASCII),
                h.get().record().timelineToken().getBytes(StandardCharsets.US_ASCII));
    }

    /** The key of an account, to sign as it (the node already holds it; tests use this). */
    Optional<Ed25519Signer> signer(String name) {
        return held(name).map(Held::signer);
    }

    // ---- AccountRegistry -----------------------------------------------------------------------

    @Override
    public synchronized NewAccount create(String name) {
        Account.requireValidName(name);
        if (byName.containsKey(name)) {
            throw new AccountConflictException("an account named " + name + " already exists");
        }
        if (master == null) {
            master = keys.getOrCreate();
            LOG.info("master key {}", master);
        }
        Ed25519Signer signer = Ed25519Signer.generate();
        String password = Base64Url.encode(Aead.random(PASSWORD_BYTES));
        String token = Base64Url.encode(Aead.random(TOKEN_BYTES));
        AccountRecord record = new AccountRecord(
                        name,
                        FeedId.of(signer.publicKey()),
                        null,
                        System.currentTimeMillis(),
                        PasswordHash.hash(password, iterations),
                        tokenHash(token),
                        null,
                        null,
                        null)
                .seal(master, signer);
        files.write(record);
        index(new Held(record, signer));
        host.host(signer);
        host.announce(record.id(), name);
        LOG.info("created account {} ({})", name, record.id());
        return new NewAccount(record.account(), password, token);
    }

    @Override
    public synchronized Account linkJid(String name, String jid) {
        Held h = require(name);
        String bare = jid == null || jid.isBlank() ? null : bareJid(jid);
        if (bare != null && !BARE_JID.matcher(bare).matches()) {
            throw new IllegalArgumentException("not an XMPP address (local@domain): " + jid);
        }
        String owner = bare == null ? null : byJid.get(bare);
        if (owner != null && !owner.equals(name)) {
            throw new AccountConflictException(bare + " is already linked to account " + owner);
        }
        Held updated = save(h, h.record().withJid(bare));
        LOG.info("account {}: JID {}", name, bare == null ? "unlinked" : LogText.of(bare));
        return updated.record().account();
    }

    @Override
    public synchronized String newMqttPassword(String name) {
        Held h = require(name);
        String password = Base64Url.encode(Aead.random(PASSWORD_BYTES));
        save(h, h.record().withMqttPassword(PasswordHash.hash(password, iterations)));
        passwordsSeen.remove(name);
        LOG.info("account {}: new MQTT password", name);
        return password;
    }

    @Override
    public synchronized String newTimelineToken(String name) {
        Held h = require(name);
        String token = Base64Url.encode(Aead.random(TOKEN_BYTES));
        save(h, h.record().withTimelineToken(tokenHash(token)));
        LOG.info("account {}: new timeline token", name);
        return token;
    }

    // ---- machinery -----------------------------------------------------------------------------

    private Held save(Held old, AccountRecord changed) {
        AccountRecord sealed = changed.seal(master, old.signer());
        files.write(sealed);
        if (old.record().jid() != null) {
            byJid.remove(old.record().jid());
        }
        Held updated = new Held(sealed, old.signer());
        index(updated);
        return updated;
    }

    private void index(Held h) {
        AccountRecord r = h.record();
        byName.put(r.name(), h);
        byFeed.put(r.id(), r.name());
        if (r.jid() != null) {
            String other = byJid.putIfAbsent(r.jid(), r.name());
            if (other != null && !other.equals(r.name())) {
                LOG.warn(
                        "JID {} is linked to both {} and {}; messages from it go to {}",
                        r.jid(),
                        other,
                        r.name(),
                        other);
            }
        }
    }

    private Optional<Held> held(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    private Held require(String name) {
        return held(name).orElseThrow(() -> new NoSuchElementException("no account named " + name));
    }

    /** {@code Local@Domain/resource} → {@code local@domain}. */
    static String bareJid(String jid) {
        String s = jid.strip();
        int slash = s.indexOf('/');
        return (slash < 0 ? s : s.substring(0, slash)).toLowerCase(Locale.ROOT);
    }

    static String tokenHash(String token) {
        return AccountRecord.TOKEN_SCHEME + Base64Url.encode(sha256(token));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AccountStore[" + files.dir() + ", " + byName.size() + " accounts]";
    }
}

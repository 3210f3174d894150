package org.scurry.gateway.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.json.EntryJson;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * One account as stored: public fields, the hashes of its secrets, and its Ed25519 seed sealed by
 * envelope encryption. In a file, {@code DATA_DIR/accounts/NAME.json}:
 *
 * <pre>
 * {"format": "scurry-account-v1",
 *  "name": "alice", "id": "@…", "jid": "alice@example.org" | null, "created": 1700000000000,
 *  "mqttPassword": "pbkdf2-sha256$600000$SALT$HASH",    (see PasswordHash)
 *  "timelineToken": "sha256$HASH",                       (SHA-256 of the 32-byte random token)
 *  "key": {"cipher": "ChaCha20-Poly1305", "masterKeyId": "…",
 *          "wrappedKey": NONCE|CT|TAG of the data key under the master key,
 *          "seed":       NONCE|CT|TAG of the 32-byte seed under the data key}}
 * </pre>
 *
 * Every account write draws a fresh random data key. Both boxes carry as associated data every
 * other field of the record (see {@link #associatedData}), so any change to the file, even to the
 * JID or a hash, fails the check when the record is read; on top, the opened seed must give the
 * stored id. Immutable.
 */
record AccountRecord(
        String name,
        FeedId id,
        String jid,
        long created,
        String mqttPassword,
        String timelineToken,
        String masterKeyId,
        byte[] wrappedKey,
        byte[] sealedSeed) {
    static final String FORMAT = "scurry-account-v1";
    static final String TOKEN_SCHEME = "sha256$";

    /** The record's key could not be opened; the message says why and is fit to show. */
    static final class UnsealException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        UnsealException(String message) {
            super(message);
        }
    }

    Account account() {
        return new Account(name, id, jid);
    }

    AccountRecord withJid(String newJid) {
        return new AccountRecord(name, id, newJid, created, mqttPassword, timelineToken, null, null, null);
    }

    AccountRecord withMqttPassword(String hash) {
        return new AccountRecord(name, id, jid, created, hash, timelineToken, null, null, null);
    }

    AccountRecord withTimelineToken(String hash) {
        return new AccountRecord(name, id, jid, created, mqttPassword, hash, null, null, null);
    }

    /** This record with {@code signer}'s seed sealed under a fresh data key wrapped by {@code master}. */
    AccountRecord seal(MasterKey master, Ed25519Signer signer) {
        if (!FeedId.of(signer.publicKey()).equals(id)) {
            throw new IllegalArgumentException("the key does not belong to account " + name);
        }
        AccountRecord unsealed =
                new AccountRecord(name, id, jid, created, mqttPassword, timelineToken, master.id(), null, null);
        byte[] ad = unsealed.associatedData();
        byte[] dataKey = Aead.random(Aead.KEY_LENGTH);
        byte[] seed = signer.seed();
        byte[] mk = master.bytes();
        try {
            byte[] boxedSeed = Aead.seal(dataKey, seed, labelled("seed", ad));
            byte[] wrapped = Aead.seal(mk, dataKey, labelled("data key", ad));
            return new AccountRecord(
                    name, id, jid, created, mqttPassword, timelineToken, master.id(), wrapped, boxedSeed);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(mk, (byte) 0);
        }
    }

    /**
     * Opens the seed with {@code master}. Throws {@link UnsealException} when the record was sealed
     * under another master key, or when it fails its integrity check (changed or corrupt).
     */
    Ed25519Signer open(MasterKey master, String where) {
        if (!master.id().equals(masterKeyId)) {
            throw new UnsealException("account " + name + " (" + where + ") was encrypted with master key "
                    + masterKeyId + ", but the master key in use (from " + master.origin() + ") is "
                    + master.id() + ": give the gateway the right key (restore " + MasterKey.FILE
                    + " from the backup or set " + MasterKey.ENV + ")");
        }
        byte[] ad = associatedData();
        byte[] mk = master.bytes();
        byte[] dataKey = null;
        byte[] seed = null;
        try {
            dataKey = Aead.open(mk, wrappedKey, labelled("data key", ad));
            seed = Aead.open(dataKey, sealedSeed, labelled("seed", ad));
            Ed25519Signer signer = Ed25519Signer.fromSeed(seed);
            if (!FeedId.of(signer.publicKey()).equals(id)) {
                throw tampered(where);
            }
            return signer;
        } catch (Aead.TagMismatch | IllegalArgumentException e) {
            throw tampered(where);
        } finally {
            Arrays.fill(mk, (byte) 0);
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
            if (seed != null) {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    private UnsealException tampered(String where) {
        return new UnsealException("account " + name + " (" + where + ") failed its integrity check: the"
                + " record was changed outside the gateway or is corrupt; restore it from a backup");
    }

    /** The fields the AEAD boxes vouch for, each as a 4-byte big-endian length and its UTF-8 bytes. */
    byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : new String[] {
            FORMAT,
            name,
            id.toString(),
            jid == null ? "" : jid,
            Long.toString(created),
            mqttPassword,
            timelineToken,
            masterKeyId
        }) {
            byte[] b = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static byte[] labelled(String label, byte[] ad) {
        byte[] l = (label + "\0").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(l.length + ad.length).put(l).put(ad).array();
    }

    // ---- JSON ----------------------------------------------------------------------------------

    ObjectNode toJson() {
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("name", name);
        json.put("id", id.toString());
        json.put("jid", jid);
        json.put("created", created);
        json.put("mqttPassword", mqttPassword);
        json.put("timelineToken", timelineToken);
        ObjectNode key = json.putObject("key");
        key.put("cipher", Aead.NAME);
        key.put("masterKeyId", masterKeyId);
        key.put("wrappedKey", Base64Url.encode(wrappedKey));
        key.put("seed", Base64Url.encode(sealedSeed));
        return json;
    }

    /** Reads a record; throws IllegalStateException naming {@code where} and the bad field. */
    static AccountRecord fromJson(JsonNode json, String where) {
        if (!json.isObject() || !FORMAT.equals(json.path("format").asText())) {
            throw malformed(where, "\"format\" is not " + FORMAT);
        }
        JsonNode key = json.path("key");
        if (!Aead.NAME.equals(key.path("cipher").asText())) {
            throw malformed(where, "key.cipher is not " + Aead.NAME);
        }
        try {
            String mqtt = text(json, "mqttPassword", where);
            String token = text(json, "timelineToken", where);
            if (!PasswordHash.wellFormed(mqtt) || !token.startsWith(TOKEN_SCHEME)) {
                throw malformed(where, "a secret's hash is not in the expected form");
            }
            JsonNode jid = json.get("jid");
            return new AccountRecord(
                    Account.requireValidName(text(json, "name", where)),
                    FeedId.parse(text(json, "id", where)),
                    jid == null || jid.isNull() ? null : jid.asText(),
                    json.path("created").asLong(),
                    mqtt,
                    token,
                    text(key, "masterKeyId", where),
                    Base64Url.decode(text(key, "wrappedKey", where)),
                    Base64Url.decode(text(key, "seed", where)));
        } catch (IllegalArgumentException e) {
            throw malformed(where, e.getMessage());
        }
    }

    private static String text(JsonNode json, String field, String where) {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw malformed(where, "\"" + field + "\" is missing or not a string");
        }
        return v.asText();
    }

    private static IllegalStateException malformed(String where, String why) {
        return new IllegalStateException("account file " + where + " is malformed: " + why);
    }

    @Override
    public String toString() {
        return "AccountRecord[" + name + " " + id + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountRecord r
                && r.name.equals(name)
                && r.id.equals(id)
                && java.util.Objects.equals(r.jid, jid)
                && r.created == created
                && r.mqttPassword.equals(mqttPassword)
                && r.timelineToken.equals(timelineToken)
                && java.util.Objects.equals(r.masterKeyId, masterKeyId)
                && Arrays.equals(r.wrappedKey, wrappedKey)
                && Arrays.equals(r.sealedSeed, sealedSeed);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}

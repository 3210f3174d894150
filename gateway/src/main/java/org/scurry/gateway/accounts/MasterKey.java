package org.scurry.gateway.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.util.OwnerOnly;

/**
 * The key that wraps every account's data key (envelope encryption, see {@link AccountStore}): 32
 * random bytes, taken from the environment variable {@value #ENV} when it is set (base64url, so the
 * key never touches the disk), else from {@code DATA_DIR/master.key}, one line {@code
 * scurry-master-key-v1 <base64url>}, owner-only (rw-------; a file others can read is refused).
 *
 * <p>Each key has a short public {@link #id()} (an HMAC of a fixed label under the key), stored in
 * every record it seals: a record sealed under another key is then reported as such, not as
 * tampered. {@link #toString()} shows the id and where the key came from, never the key.
 */
public final class MasterKey {
    public static final String ENV = "SCURRY_MASTER_KEY";
    public static final String FILE = "master.key";
    static final String HEADER = "scurry-master-key-v1";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] key;
    private final String id;
    private final String origin;

    private MasterKey(byte[] key, String origin) {
        if (key.length != Aead.KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "the master key from " + origin + " must be 32 bytes, not " + key.length);
        }
        this.key = key.clone();
        this.origin = origin;
        this.id = Base64Url.encode(java.util.Arrays.copyOf(hmac(key, "scurry master key id"), 8));
    }

    /** A fresh random key (not saved anywhere). */
    public static MasterKey generate() {
        return new MasterKey(Aead.random(Aead.KEY_LENGTH), "a new random key");
    }

    /** The key given as base64url text, e.g. the value of {@value #ENV}; the message never quotes it. */
    public static MasterKey parse(String text, String origin) {
        byte[] key;
        try {
            key = Base64Url.decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + " must be 32 bytes as unpadded base64url (43 characters)");
        }
        return new MasterKey(key, origin);
    }

    /** The key as base64url, e.g. to put in {@value #ENV}; handle with care. */
    public String encoded() {
        return Base64Url.encode(key);
    }

    /** A short public name of the key (8 bytes of an HMAC under it): safe to log and to store. */
    public String id() {
        return id;
    }

    /** Where the key came from: {@value #ENV} or the file. */
    public String origin() {
        return origin;
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + ", from " + origin + "]";
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not usable in this JVM", e);
        }
    }

    /**
     * Where the master key of one data directory comes from: {@value #ENV} when set, else the file.
     * The file is created only when a key is first needed ({@link #getOrCreate()}), and never when
     * the variable is set.
     */
    public static final class Source {
        private final Path file;
        private final String env;

        public Source(Path file, String envValue) {
            this.file = file;
            this.env = envValue == null || envValue.isBlank() ? null : envValue;
        }

        /** The key if there is one (variable set, or file present); empty otherwise. */
        public Optional<MasterKey> existing() {
            if (env != null) {
                return Optional.of(parse(env, "the environment variable " + ENV));
            }
            try {
                return Files.exists(file) ? Optional.of(load(file)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the master key " + file + ": " + e.getMessage(), e);
            }
        }

        /** The existing key, or a new one written to the file (owner-only, atomically). */
        public MasterKey getOrCreate() {
            return existing().orElseGet(() -> {
                try {
                    return create(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the master key " + file + ": " + e.getMessage(), e);
                }
            });
        }

        /** Where the key is (for messages). */
        public String describe() {
            return env != null ? "the environment variable " + ENV : file.toString();
        }
    }

    private static MasterKey load(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IllegalStateException("the master key " + file + " is accessible by group or others ("
                        + PosixFilePermissions.toString(perms) + "); it unlocks every account's key. Run: chmod 600 "
                        + file);
            }
        }
        String[] parts =
                Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+");
        if (parts.length != 2 || !parts[0].equals(HEADER)) {
            throw new IllegalStateException(
                    "the master key " + file + " is not in the form '" + HEADER + " <base64url key>'");
        }
        try {
            return parse(parts[1], file.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static MasterKey create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        OwnerOnly.directory(dir);
        MasterKey key = new MasterKey(Aead.random(Aead.KEY_LENGTH), file.toString());
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        Path tmp = posix
                ? Files.createTempFile(dir, ".master-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".master-", ".tmp");
        try {
            byte[] line = (HEADER + " " + key.encoded() + "\n").getBytes(StandardCharsets.US_ASCII);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp); // never overwrite a key that appeared meanwhile
            } catch (FileAlreadyExistsException raced) {
                return load(file);
            }
            AccountFiles.syncDirectory(dir);
            return key;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

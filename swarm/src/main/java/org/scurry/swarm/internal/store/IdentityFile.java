package org.scurry.swarm.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.util.OwnerOnly;

/**
 * The node's own key pair on disk: one line {@code scurry-identity-v1 <base64url of the 32-byte
 * seed>}. The file is owner-only ({@code rw-------}); a file that group or others can read is
 * refused rather than used, because the seed is the identity.
 *
 * <p>Creation is atomic: the seed is written to a temporary file that already has owner-only
 * permissions when it is created (so the secret is never readable by others, even briefly), forced
 * to disk, then linked into place; two processes racing to create it end up with the same key.
 * The seed never appears in exceptions or logs.
 */
public final class IdentityFile {
    static final String HEADER = "scurry-identity-v1";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private IdentityFile() {}

    /**
     * Loads the key from {@code file}, or generates one and writes it there when the file does not
     * exist. Throws {@link IllegalStateException} when the file is group/world readable or not in
     * the expected form, {@link UncheckedIOException} when it cannot be read or written.
     */
    public static Ed25519Signer loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return load(file);
            }
            return create(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the identity file " + file, e);
        }
    }

    private static Ed25519Signer load(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IllegalStateException("identity file " + file + " is accessible by group or others ("
                        + PosixFilePermissions.toString(perms) + "); it holds your secret key. Run: chmod 600 "
                        + file);
            }
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        String[] parts = text.split("\\s+");
        if (parts.length != 2 || !parts[0].equals(HEADER)) {
            throw new IllegalStateException(
                    "identity file " + file + " is not in the form '" + HEADER + " <base64url seed>'");
        }
        byte[] seed;
        try {
            seed = Base64Url.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            // not chained: the message would quote the secret
            throw new IllegalStateException("identity file " + file + " holds a seed that is not base64url");
        }
        if (seed.length != Ed25519Signer.SEED_LENGTH) {
            throw new IllegalStateException(
                    "identity file " + file + " holds a seed of " + seed.length + " bytes, not 32");
        }
        return Ed25519Signer.fromSeed(seed);
    }

    private static Ed25519Signer create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        OwnerOnly.directory(dir);
        Ed25519Signer signer = Ed25519Signer.generate();
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        Path tmp = posix
                ? Files.createTempFile(dir, ".identity-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".identity-", ".tmp");
        try {
            byte[] line = (HEADER + " " + Base64Url.encode(signer.seed()) + "\n").getBytes(StandardCharsets.US_ASCII);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp); // fails if the file appeared meanwhile: never overwrite a key
            } catch (FileAlreadyExistsException raced) {
                return load(file);
            } catch (UnsupportedOperationException | IOException noLinks) {
                if (Files.exists(file)) {
                    return load(file);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return signer;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

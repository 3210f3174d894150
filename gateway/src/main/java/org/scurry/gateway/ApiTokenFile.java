package org.scurry.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The JSON API's bearer token, kept in {@code DATA_DIR/api-token}: 32 random bytes as unpadded
 * base64url. Created at a node's first start with owner-only permissions (rw-------), which are set
 * when the file is created, before the secret is written. The token is never logged.
 */
public final class ApiTokenFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokenFile() {}

    /** Reads the token, creating the file with a fresh token first if it is missing or empty. */
    public static String loadOrCreate(Path file) {
        try {
            String existing = readIfPresent(file);
            if (existing != null) {
                return existing;
            }
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            createOwnerOnly(file);
            Files.writeString(
                    file,
                    token + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the API token file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the token of a node that has started before. Throws {@link IllegalStateException} with a
     * hint when the file is missing or unreadable.
     */
    public static String read(Path file) {
        try {
            String token = readIfPresent(file);
            if (token == null) {
                throw new IllegalStateException("no API token in " + file
                        + ": give the data directory the node was started with (--data DIR) or --token TOKEN");
            }
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the API token " + file + ": " + e.getMessage(), e);
        }
    }

    private static String readIfPresent(Path file) throws IOException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? null : text;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // left empty by a start that died before writing; the permissions were set then
        }
    }
}

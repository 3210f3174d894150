package org.scurry.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads the PostgreSQL store's password from {@code scurry.store.password-file}: the file's first
 * line. The file must not be readable by others (owner and group only: a package's
 * {@code root:scurry 0640} is fine), as the password would then be theirs too. Errors name the
 * file and never the password.
 */
final class StorePasswordFile {
    private StorePasswordFile() {}

    /** The password; throws IllegalArgumentException naming the file when it cannot be used. */
    static String read(Path file) {
        try {
            if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.contains(PosixFilePermission.OTHERS_READ)
                        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new IllegalArgumentException(GatewaySettings.STORE_PASSWORD_FILE + " " + file
                            + " is accessible by others: chmod o-rwx " + file);
                }
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String password = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
            if (password.isEmpty()) {
                throw new IllegalArgumentException(
                        GatewaySettings.STORE_PASSWORD_FILE + " " + file + " is empty: its first line is the password");
            }
            return password;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(GatewaySettings.STORE_PASSWORD_FILE + " " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read " + GatewaySettings.STORE_PASSWORD_FILE + " " + file + ": " + e.getMessage(), e);
        }
    }
}

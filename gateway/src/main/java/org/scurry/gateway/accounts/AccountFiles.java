package org.scurry.gateway.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.json.EntryJson;
import org.scurry.swarm.util.LogText;
import org.scurry.swarm.util.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account records on disk: {@code DATA_DIR/accounts/NAME.json}, the directory rwx------ and each
 * file rw-------. A write goes to a temporary file that is owner-only from its creation, is forced
 * to disk, then renamed over the old file (atomic on POSIX), and the directory is synced: after a
 * crash a record is either the old one or the new one, never half of each. A record file that group
 * or others can access is refused, as the node's identity.key is.
 */
final class AccountFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AccountFiles.class);
    static final String DIR = "accounts";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;

    AccountFiles(Path dataDir) {
        this.dir = dataDir.resolve(DIR);
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name + ".json");
    }

    /** Every record in the directory, by file; none when the directory does not exist yet. */
    List<AccountRecord> readAll() {
        List<AccountRecord> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
                if (!Account.NAME.matcher(stem).matches()) {
                    LOG.warn("ignoring {}: not named after an account", LogText.of(file));
                    continue;
                }
                AccountRecord r = read(file);
                if (!r.name().equals(stem)) {
                    throw new IllegalStateException(
                            "account file " + file + " holds account " + r.name() + ", not " + stem);
                }
                records.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the accounts in " + dir + ": " + e.getMessage(), e);
        }
        return records;
    }

    private static AccountRecord read(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IllegalStateException("account file " + file + " is accessible by group or others ("
                        + PosixFilePermissions.toString(perms) + "). Run: chmod 600 " + file);
            }
        }
        try {
            return AccountRecord.fromJson(EntryJson.MAPPER.readTree(Files.readAllBytes(file)), file.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("account file " + file + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Writes the record atomically and durably; returns when it is on disk. */
    void write(AccountRecord record) {
        try {
            createDir();
            byte[] bytes = EntryJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(record.toJson());
            boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
            Path tmp = posix
                    ? Files.createTempFile(
                            dir, "." + record.name() + "-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, "." + record.name() + "-", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(bytes));
                    ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    ch.force(true);
                }
                Files.move(
                        tmp, file(record.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write account " + record.name() + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    private void createDir() throws IOException {
        OwnerOnly.directory(dir);
    }

    /** Makes a rename or link in {@code dir} durable (where the platform can open a directory). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; its rename is durable enough for this.
        }
    }
}

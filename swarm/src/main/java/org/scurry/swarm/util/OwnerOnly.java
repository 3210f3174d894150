package org.scurry.swarm.util;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only files, whatever the process's umask: every directory a node creates is {@code
 * rwx------} and every file {@code rw-------}. The one place that knows how, used by every place
 * that creates files in a data directory (the store, the identity key, the gateway's token,
 * accounts and master key).
 *
 * <p>Files made by libraries (H2's database, which follows the umask) cannot be created with a
 * mode of ours: their directory is made owner-only first, so nobody else can reach them even
 * briefly, and {@link #restrictTree} fixes their modes once they exist. A data directory that
 * already existed with a wider mode (made by {@code mkdir}, or by an older version) is narrowed
 * the same way.
 *
 * <p>On a file system without POSIX permissions every method does nothing. Methods block on file
 * system calls and throw {@link IOException} when a mode cannot be set (for example a directory
 * owned by another user): a node does not run on data others can read.
 */
public final class OwnerOnly {
    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /**
     * Creates {@code dir} and its missing parents, each {@code rwx------}, and narrows {@code dir}
     * itself to {@code rwx------} when it already existed with a wider mode. Parents that already
     * existed are left alone. Returns {@code dir}.
     */
    public static Path directory(Path dir) throws IOException {
        if (!posix(dir)) {
            Files.createDirectories(dir);
            return dir;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        }
        narrow(dir, DIRECTORY);
        return dir;
    }

    /**
     * The attribute that creates a file {@code rw-------} in {@code dir} ({@link
     * Files#createFile}, {@link Files#createTempFile}); none where {@code dir}'s file system has no
     * POSIX permissions.
     */
    public static FileAttribute<?>[] fileAttributes(Path dir) {
        return posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    /**
     * Makes {@code root} and every directory and regular file below it owner-only ({@code
     * rwx------} and {@code rw-------}); symbolic links are neither followed nor changed. Returns
     * how many modes it changed (0 when all were right already, or {@code root} does not exist).
     */
    public static int restrictTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) || !posix(root)) {
            return 0;
        }
        int[] changed = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                changed[0] += narrow(dir, DIRECTORY) ? 1 : 0;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    changed[0] += narrow(file, FILE) ? 1 : 0;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
                    return FileVisitResult.CONTINUE; // removed meanwhile (a library's temporary file)
                }
                throw e;
            }
        });
        return changed[0];
    }

    /** Sets {@code wanted} on {@code path} unless it has it; returns whether it changed. */
    private static boolean narrow(Path path, Set<PosixFilePermission> wanted) throws IOException {
        PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> now;
        try {
            now = view.readAttributes().permissions();
            if (now.equals(wanted)) {
                return false;
            }
        } catch (NoSuchFileException e) {
            return false; // removed meanwhile (a library's temporary file)
        }
        try {
            view.setPermissions(wanted);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new IOException(
                    "cannot make " + path + " owner-only (it is " + PosixFilePermissions.toString(now) + "): "
                            + e.getMessage(),
                    e);
        }
        return true;
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

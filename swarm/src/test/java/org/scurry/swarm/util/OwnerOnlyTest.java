package org.scurry.swarm.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OwnerOnly narrows what exists and creates what is missing owner-only. The umask cannot be changed
 * inside a JVM: files are made wide on purpose here, as a library under umask 000 would make them
 * (the gateway's DataDirPermissionsIT runs a real node under such umasks).
 */
class OwnerOnlyTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryIsCreatedOwnerOnlyWithItsMissingParentsAndAnExistingOneIsNarrowed() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = dir.resolve("a/b/c");
        OwnerOnly.directory(deep);
        for (Path p : new Path[] {dir.resolve("a"), dir.resolve("a/b"), deep}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                    .as(p.toString())
                    .isEqualTo("rwx------");
        }

        Path existing = Files.createDirectory(dir.resolve("made-by-mkdir"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxrwxrwx"));
        OwnerOnly.directory(existing);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)))
                .isEqualTo("rwx------");
        // a parent it did not create is left alone
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void aTreeOfWideFilesAndDirectoriesIsNarrowedAndLinksAreNotFollowed() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data/store"));
        Path db = Files.writeString(root.resolve("scurry.mv.db"), "x");
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not ours");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.setPosixFilePermissions(dir.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(OwnerOnly.restrictTree(dir.resolve("data"))).isEqualTo(3);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)))
                .as("the link's target, outside the tree")
                .isEqualTo("rw-r--r--");
        assertThat(OwnerOnly.restrictTree(dir.resolve("data")))
                .as("nothing left to change")
                .isZero();
        assertThat(OwnerOnly.restrictTree(dir.resolve("missing"))).isZero();
    }

    @Test
    void fileAttributesCreateOwnerOnlyFiles() throws Exception {
        Path f = Files.createFile(dir.resolve("secret"), OwnerOnly.fileAttributes(dir));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------");
    }
}

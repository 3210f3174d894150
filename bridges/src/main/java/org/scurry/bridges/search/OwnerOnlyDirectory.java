package org.scurry.bridges.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.Lock;
import org.scurry.swarm.util.OwnerOnly;

/**
 * A Lucene directory whose files are {@code rw-------} whatever the process's umask. Lucene creates
 * its files (a segment's files at every commit, {@code write.lock}) with the umask's mode; the index
 * directory itself is owner-only, so nobody else could reach them, but a data directory must not
 * hold a file that reads as others' to read (DataDirPermissionsIT). Each file is narrowed as soon as
 * Lucene has made it, before anything is written to it.
 */
final class OwnerOnlyDirectory extends FilterDirectory {
    private final Path dir;
    private final boolean posix;

    private OwnerOnlyDirectory(Path dir, Directory in) {
        super(in);
        this.dir = dir;
        this.posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    /** Opens {@code dir} (already owner-only) and narrows the files it holds already. */
    static OwnerOnlyDirectory open(Path dir) throws IOException {
        OwnerOnly.restrictTree(dir);
        return new OwnerOnlyDirectory(dir, FSDirectory.open(dir));
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        IndexOutput out = super.createOutput(name, context);
        narrow(out.getName());
        return out;
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        IndexOutput out = super.createTempOutput(prefix, suffix, context);
        narrow(out.getName());
        return out;
    }

    @Override
    public Lock obtainLock(String name) throws IOException {
        Lock lock = super.obtainLock(name);
        narrow(name);
        return lock;
    }

    private void narrow(String name) throws IOException {
        Path file = dir.resolve(name);
        if (posix && Files.exists(file)) {
            Files.setPosixFilePermissions(file, OwnerOnly.FILE);
        }
    }
}

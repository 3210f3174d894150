package org.scurry.swarm.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's disk file system with a switch that makes a folder "full": while it is on, every write to a
 * file there fails as the kernel's does on a full disk ({@code IOException: No space left on
 * device}). Stricter than a real full disk, where writes into space a file already has still work
 * (the store cannot see this fake fullness in the file system's free space, so it must not find
 * any write that works). For tests that cannot mount a small tmpfs (not root): open a store with
 * {@code H2Store.open(dir, SCHEME, H2Store.SETTINGS)}.
 */
public final class FullableFilePath extends FilePathWrapper {
    public static final String SCHEME = "fullable";

    private static final Set<String> FULL = ConcurrentHashMap.newKeySet();

    static {
        FilePath.register(new FullableFilePath());
    }

    /** Makes sure the scheme is registered with H2 (class initialisation does it). */
    public static void register() {
        // the static initialiser ran
    }

    /** Writes that grow files under {@code dir} fail from now on. */
    public static void fill(Path dir) {
        FULL.add(dir.toAbsolutePath().normalize().toString());
    }

    /** They work again. */
    public static void free(Path dir) {
        FULL.remove(dir.toAbsolutePath().normalize().toString());
    }

    static boolean isFull(String fileName) {
        for (String dir : FULL) {
            if (fileName.startsWith(dir)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(getBase().open(mode), getBase().toString());
    }

    /** Passes everything to the disk's channel, refusing growth while its folder is full. */
    private static final class Channel extends FileBase {
        private final FileChannel base;
        private final String name;

        Channel(FileChannel base, String name) {
            this.base = base;
            this.name = name;
        }

        private void check(long position, int length) throws IOException {
            if (length > 0 && isFull(name)) {
                throw new IOException("No space left on device");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public synchronized int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check(base.position(), src.remaining());
            return base.write(src);
        }

        @Override
        public synchronized int write(ByteBuffer src, long position) throws IOException {
            check(position, src.remaining());
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            base.force(metaData);
        }

        @Override
        public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}

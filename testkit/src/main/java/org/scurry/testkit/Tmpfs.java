package org.scurry.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs the test mounts: a real file system that fills up, for the disk-full tests (issue
 * 14). Mounting needs root, which tests have in CI; elsewhere the test is aborted, but under {@code
 * CI=true} it fails: there the disk-full tests must run. Close to unmount (after closing whatever
 * holds files in it).
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code bytes} at {@code dir} (created), owner-only. */
    public static Tmpfs mount(Path dir, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Run r;
        try {
            r = run("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "scurry-test", dir.toString());
        } catch (IOException e) {
            r = new Run(-1, e.toString()); // no mount command
        }
        if (r.exit != 0) {
            String why = "cannot mount a tmpfs at " + dir + " (needs root): " + r.output.strip();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + "; under CI=true the disk-full tests must run on a real file system");
            }
            Assumptions.abort(why + " (H2StoreWriteFailureTest covers the store with failing writes)");
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Bytes free on the file system. */
    public long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /**
     * Fills what is free with a ballast file, 64 KiB at a time and then smaller, until the file
     * system refuses (ENOSPC). Returns the ballast: delete it to give the space back.
     */
    public Path fill() throws IOException {
        Path ballast = dir.resolve("ballast");
        try (FileChannel out = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int block = 64 * 1024; block >= 512; block /= 2) {
                ByteBuffer zeros = ByteBuffer.allocate(block);
                while (true) {
                    zeros.clear();
                    try {
                        out.write(zeros, out.size());
                    } catch (IOException e) {
                        break; // full at this block size: try a smaller one
                    }
                }
            }
        }
        return ballast;
    }

    /** Unmounts (lazily if something still holds a file in it). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", dir.toString()).exit != 0) {
            Run lazy = run("umount", "-l", dir.toString());
            if (lazy.exit != 0) {
                throw new IOException("cannot unmount the tmpfs at " + dir + ": " + lazy.output.strip());
            }
        }
    }

    private record Run(int exit, String output) {}

    private static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, String.join(" ", cmd) + " did not finish within 30 s");
        }
        return new Run(p.exitValue(), out);
    }
}

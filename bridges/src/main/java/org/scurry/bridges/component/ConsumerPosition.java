package org.scurry.bridges.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import org.scurry.swarm.util.OwnerOnly;

/**
 * Where a {@code scurry:entries} consumer has got to in the store's arrival order ({@link
 * org.scurry.swarm.spi.Store#arrivedSince}): the position of the last entry it handed to its route.
 * A consumer with a {@code consumerId} keeps it in a file of its own, {@code ID.position} in the
 * position directory (owner-only, one decimal number and a newline), so that it resumes there after
 * a restart; without one the position lives in memory, so a route stopped and started again in the
 * same Camel context resumes too, and dies with the consumer.
 *
 * <p>{@link #save} writes a temporary file and renames it over the old one, so the file always
 * holds a whole number: the old one or the new one, also after kill -9. It is not fsynced: after a
 * power cut the consumer may resume from an older position and deliver some entries again (at
 * least once, never a gap). Not thread-safe: the consumer's own thread uses it.
 */
final class ConsumerPosition {
    private final Path file; // null: in memory only
    /** The in-memory position: -1 until saved. */
    private volatile long inMemory = -1;

    private ConsumerPosition(Path file) {
        this.file = file;
    }

    static ConsumerPosition inMemory() {
        return new ConsumerPosition(null);
    }

    static ConsumerPosition durable(Path directory, String consumerId) {
        return new ConsumerPosition(directory.resolve(consumerId + ".position"));
    }

    /** The file, or null for an in-memory position. */
    Path file() {
        return file;
    }

    /**
     * The position saved last, empty when none was ever saved (or it is in memory). Throws
     * IllegalStateException naming the file when it holds something else than a position.
     */
    OptionalLong load() {
        if (file == null) {
            return inMemory < 0 ? OptionalLong.empty() : OptionalLong.of(inMemory);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the consumer position in " + file + ": " + e.getMessage(), e);
        }
        try {
            long position = Long.parseLong(text);
            if (position >= 0) {
                return OptionalLong.of(position);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("the consumer position file " + file
                + " holds no position (a whole number ≥ 0): \"" + abbreviate(text)
                + "\"; delete it to start from the newest entry");
    }

    /** Makes {@code position} the one {@link #load} returns, also after a restart. */
    void save(long position) {
        if (file == null) {
            inMemory = position;
            return;
        }
        try {
            Path dir = OwnerOnly.directory(file.getParent());
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", OwnerOnly.fileAttributes(dir));
            try {
                Files.writeString(tmp, position + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the consumer position in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String text) {
        String t = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}

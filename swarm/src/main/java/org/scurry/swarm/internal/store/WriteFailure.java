package org.scurry.swarm.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Says why the store could not write, in words fit for a user and an operator: "the disk is full"
 * when the file system refused for want of space (ENOSPC, or a quota), else the I/O error H2 met.
 */
final class WriteFailure {
    private WriteFailure() {}

    /** The reason for {@code failure} (a chain of H2 and JDBC exceptions around an IOException). */
    static String reason(Throwable failure, Path directory) {
        IOException io = null;
        String last = null;
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof IOException e && io == null) {
                io = e;
            }
            if (t.getMessage() != null) {
                last = t.getMessage();
            }
        }
        if (io != null && isNoSpace(io.getMessage())) {
            return "the disk is full: no space left on the device for the store in " + directory + " ("
                    + usableSpace(directory) + " bytes free)";
        }
        if (io != null) {
            return "the store in " + directory + " could not be written: " + io.getMessage();
        }
        return "the store in " + directory + " failed to write: " + (last == null ? failure : firstLine(last));
    }

    static boolean isNoSpace(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("no space left") || m.contains("disk quota exceeded") || m.contains("not enough space");
    }

    /** Bytes the file system holding {@code directory} has free for this process; -1 if unknown. */
    static long usableSpace(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package org.scurry.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;

/** The stdout of a child process read line by line on a daemon thread, so that callers can wait with a timeout. */
public final class ProcessOutput {
    private ProcessOutput() {}

    /** Adds each line {@code process} prints to {@code lines} until its stdout closes. */
    public static void linesInto(Process process, BlockingQueue<String> lines, String threadName) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String l;
                        while ((l = r.readLine()) != null) {
                            lines.add(l);
                        }
                    } catch (IOException e) {
                        // process gone
                    }
                },
                threadName);
        reader.setDaemon(true);
        reader.start();
    }
}

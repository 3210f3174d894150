package org.scurry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resource figures of a child process read from Linux: memory from /proc, TCP bytes from {@code ss}. */
public final class ProcInfo {
    private static final Pattern SENT = Pattern.compile("bytes_sent:(\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("bytes_received:(\\d+)");

    private ProcInfo() {}

    /** Resident set size in bytes (VmRSS); empty when /proc is not readable. */
    public static OptionalLong rssBytes(long pid) {
        return kib(pid, "VmRSS:");
    }

    /** Peak resident set size in bytes (VmHWM). */
    public static OptionalLong peakRssBytes(long pid) {
        return kib(pid, "VmHWM:");
    }

    private static OptionalLong kib(long pid, String key) {
        String v = Machine.procLine(Path.of("/proc", Long.toString(pid), "status"), key);
        if (!v.endsWith(" kB")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v.substring(0, v.length() - 3).trim()) * 1024);
    }

    /**
     * TCP payload bytes (sent + received, as the kernel counts them in tcp_info, so without TCP/IP
     * headers) of the established connections whose local port is {@code port}. Empty when {@code
     * ss} is missing or too old to print byte counters.
     */
    static OptionalLong tcpBytes(int port) {
        try {
            Process p = new ProcessBuilder("ss", "-tinH", "state", "established", "( sport = :" + port + " )")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return OptionalLong.empty();
            }
            long total = sum(SENT, out) + sum(RECEIVED, out);
            return out.contains("bytes_sent:") ? OptionalLong.of(total) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private static long sum(Pattern pattern, String text) {
        long total = 0;
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }
}

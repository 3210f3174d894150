package org.scurry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resource figures of a child process read from Linux: memory and CPU time from /proc, TCP bytes from
 * {@code ss}.
 */
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

    /** USER_HZ: 100 on every Linux architecture Java runs on (the kernel's ABI fixes it). */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    /**
     * CPU time (user + system) the process has used so far, in nanoseconds, from /proc/PID/stat
     * (clock-tick resolution, 10 ms on Linux); empty when /proc is not readable.
     */
    public static OptionalLong cpuNanos(long pid) {
        try {
            return OptionalLong.of(ownCpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * CPU time per thread of the process so far, in nanoseconds, summed over threads whose names
     * differ only in a trailing number ("scurry-verify-1", "-2" → "scurry-verify"); the names are the
     * kernel's, cut to 15 characters. Empty when /proc is not readable.
     */
    public static Map<String, Long> threadCpuNanos(long pid) {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.merge(name.replaceAll("[-#]?\\d+$", ""), ownCpuNanos(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * The fields of a /proc stat line after the command name: index 0 is field 3 (state), so field
     * N is at N − 3. The name (field 2) is in parentheses and may hold spaces; nothing after it does.
     */
    static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    /** Utime + stime (fields 14 and 15) of a stat line, in nanoseconds. */
    static long ownCpuNanos(String stat) {
        String[] f = statFields(stat);
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
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

    /** Each run's memory figure in MiB, for the runs where /proc had it; empty when none did. */
    public static <T> java.util.Optional<java.util.List<Double>> mib(
            java.util.List<T> runs, java.util.function.Function<T, OptionalLong> bytes) {
        java.util.List<Double> v = runs.stream()
                .map(bytes)
                .filter(OptionalLong::isPresent)
                .map(o -> o.getAsLong() / 1048576.0)
                .toList();
        return v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v);
    }
}

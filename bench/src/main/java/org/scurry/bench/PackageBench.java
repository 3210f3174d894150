package org.scurry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The installable distribution's figures (issue 20, docs/install.md): the sizes of the {@code .tar.gz}
 * and {@code .deb} that {@code mvn package} leaves in dist/target, and how fast the unpacked tarball
 * serves: the time from starting {@code bin/scurry gateway} to the first 200 from {@code
 * /api/status}, and the wall time of a client command ({@code scurry id}). The baseline, measured in
 * the same run and alternated with it run by run so both see the machine alike, is the checkout's
 * {@code ./scurry} (the system JDK on the build's class path). Each start but the first of each
 * side reuses its data directory, as a restart does; the first (it creates the identity and the
 * store) is not counted.
 */
public final class PackageBench {
    /** Measured starts of each side in a full run: issue 20 asks for the median of 5. */
    public static final int RUNS = 5;

    private final Path dist;
    private final Path repo;
    private final Path work;
    private final int runs;

    /**
     * @param dist dist/target, holding the archives
     * @param repo the checkout, holding {@code ./scurry}
     * @param work where the tarball is unpacked and the nodes keep their data (emptied first)
     * @param runs measured starts (and client commands) of each side
     */
    public PackageBench(Path dist, Path repo, Path work, int runs) {
        this.dist = dist;
        this.repo = repo;
        this.work = work;
        this.runs = runs;
    }

    public void run(Results results) throws Exception {
        Path tarball = only(dist, "scurry-", ".tar.gz");
        Path deb = only(dist, "scurry_", ".deb");
        results.add(Figure.of("package.tarballMiB", "distribution .tar.gz", "MiB", List.of(mib(tarball))));
        results.add(Figure.of("package.debMiB", "Debian package .deb", "MiB", List.of(mib(deb))));

        deleteTree(work);
        Files.createDirectories(work);
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", work.toString())
                .inheritIO()
                .start();
        if (tar.waitFor() != 0) {
            throw new IOException("tar -xzf " + tarball + " failed: " + tar.exitValue());
        }
        Path home = only(work, "scurry-", "");
        Path packaged = home.resolve("bin/scurry");
        Path checkout = repo.toAbsolutePath().resolve("scurry");

        List<Double> pkgStart = new ArrayList<>();
        List<Double> devStart = new ArrayList<>();
        List<Double> pkgClient = new ArrayList<>();
        List<Double> devClient = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Start p = start(packaged, work.resolve("pkg-data"));
            Start d = start(checkout, work.resolve("dev-data"));
            if (i > 0) {
                pkgStart.add(p.seconds);
                devStart.add(d.seconds);
                pkgClient.add(p.clientSeconds);
                devClient.add(d.clientSeconds);
            }
        }
        Figure pkg = Figure.of(
                "package.startSeconds", "package: start to a serving API (bin/scurry gateway)", "s", pkgStart);
        Figure dev = Figure.of(
                "package.checkoutStartSeconds", "checkout: start to a serving API (./scurry gateway)", "s", devStart);
        results.add(pkg.withBaseline(dev.median(), "./scurry gateway, same run"));
        results.add(dev);
        List<Double> ratio = new ArrayList<>();
        for (int i = 0; i < pkgStart.size(); i++) {
            ratio.add(pkgStart.get(i) / devStart.get(i));
        }
        results.add(Figure.of("package.startRatio", "package ÷ checkout start time, run by run", "ratio", ratio));
        Figure pc = Figure.of("package.clientSeconds", "package: a client command (scurry id)", "s", pkgClient);
        Figure dc =
                Figure.of("package.checkoutClientSeconds", "checkout: a client command (./scurry id)", "s", devClient);
        results.add(pc.withBaseline(dc.median(), "./scurry id, same run"));
        results.add(dc);
        results.note(
                "package",
                "unpacked " + tarball.getFileName() + "; starts alternate package and checkout; the first"
                        + " start of each (creating the node) is not counted; runtime: "
                        + Files.readAllLines(home.resolve("runtime/release")).stream()
                                .filter(l -> l.startsWith("JAVA_VERSION="))
                                .findFirst()
                                .orElse("?"));
        deleteTree(work);
    }

    private record Start(double seconds, double clientSeconds) {}

    /** Starts LAUNCHER gateway, times it to a 200 from /api/status, times `LAUNCHER id`, stops it. */
    private static Start start(Path launcher, Path data) throws Exception {
        int http = freePort();
        ProcessBuilder pb = new ProcessBuilder(
                        launcher.toString(),
                        "gateway",
                        "--no-lan",
                        "--data",
                        data.toString(),
                        "--http-port",
                        Integer.toString(http),
                        "--swarm-port",
                        "0",
                        "--mqtt-port",
                        "0",
                        "--management-port",
                        "0")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("SCURRY_JAVA_OPTS");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/status"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
            while (true) {
                if (!p.isAlive()) {
                    throw new IOException(launcher + " gateway exited with " + p.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(launcher + " gateway did not serve within 180 s");
                }
                try {
                    if (client.send(status, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long c0 = System.nanoTime();
            Process id = new ProcessBuilder(
                            launcher.toString(), "--node", "http://127.0.0.1:" + http, "--data", data.toString(), "id")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!id.waitFor(60, TimeUnit.SECONDS) || id.exitValue() != 0) {
                throw new IOException(launcher + " id failed");
            }
            return new Start(seconds, (System.nanoTime() - c0) / 1e9);
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The one entry of {@code dir} named PREFIX...SUFFIX; fails when there is none or several. */
    static Path only(Path dir, String prefix, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(
                    dir + " does not exist: build the distribution first (mvn -B -DskipTests package -pl dist -am)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith(prefix) && n.endsWith(suffix);
                    })
                    .toList();
            if (found.size() != 1) {
                throw new IOException("expected one " + prefix + "*" + suffix + " in " + dir + ", found " + found
                        + " (build the distribution: mvn -B -DskipTests package -pl dist -am)");
            }
            return found.get(0);
        }
    }

    private static double mib(Path file) throws IOException {
        return Files.size(file) / (1024.0 * 1024.0);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

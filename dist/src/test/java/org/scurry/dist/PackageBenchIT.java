package org.scurry.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bench.Figure;
import org.scurry.bench.PackageBench;
import org.scurry.bench.Results;

/**
 * The benchmark's package part (bench/run.sh --only package) on the archives this module just
 * made, with one measured start of each side: every figure is produced and sane. Never how fast:
 * speed is for bench/run.sh on a quiet machine.
 */
class PackageBenchIT {
    @TempDir
    Path work;

    @Test
    void packageFiguresAreProducedFromTheArchivesAndTheCheckout() throws Exception {
        Path dist = Artifacts.tarball().getParent();
        Path repo = dist.getParent().getParent();
        Results results = new Results();
        new PackageBench(dist, repo, work.resolve("package"), 1).run(results);
        Map<String, Figure> f = results.figures().stream().collect(Collectors.toMap(Figure::name, Function.identity()));

        assertThat(f)
                .containsKeys(
                        "package.tarballMiB",
                        "package.debMiB",
                        "package.startSeconds",
                        "package.checkoutStartSeconds",
                        "package.startRatio",
                        "package.clientSeconds",
                        "package.checkoutClientSeconds");
        // A runtime, the jars and a CDS archive: tens of MiB, not a whole JDK's hundreds.
        assertThat(f.get("package.tarballMiB").median()).isBetween(20.0, 200.0);
        assertThat(f.get("package.debMiB").median()).isBetween(20.0, 200.0);
        for (String k :
                new String[] {"package.startSeconds", "package.checkoutStartSeconds", "package.clientSeconds"}) {
            assertThat(f.get(k).runs()).as(k).isEqualTo(1);
            assertThat(f.get(k).median()).as(k).isPositive().isFinite();
        }
        double ratio = f.get("package.startRatio").median();
        assertThat(ratio)
                .isCloseTo(
                        f.get("package.startSeconds").median()
                                / f.get("package.checkoutStartSeconds").median(),
                        org.assertj.core.api.Assertions.within(1e-9));
        assertThat(f.get("package.startSeconds").baseline())
                .isEqualTo(f.get("package.checkoutStartSeconds").median());
        assertThat(results.notes()).containsKey("package");
    }
}

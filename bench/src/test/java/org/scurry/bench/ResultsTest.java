package org.scurry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Figure.of("f", "f", "u", List.of(4.0, 1.0, 3.0, 2.0)).median())
                .isEqualTo(2.5);
    }

    @Test
    void resultsAreWrittenAsJsonAndMarkdown(@TempDir Path out) throws Exception {
        Results results = new Results();
        results.add(Figure.of("x.rate", "a rate", "entries/s", List.of(3.0, 1.0, 2.0))
                .withBaseline(2.5, "a target"));
        results.note("why", "because");
        results.write(out, "--quick");

        String json = Files.readString(out.resolve("latest.json"));
        assertThat(json)
                .contains("\"median\" : 2.0", "\"min\" : 1.0", "\"max\" : 3.0", "\"runs\" : 3", "\"baseline\" : 2.5");
        assertThat(Files.readString(out.resolve("latest.md"))).contains("| a rate | 2.00 | 1.00 | 3.00 | 3 |");
    }
}

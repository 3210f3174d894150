package org.scurry.gateway.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String GOOD =
            """
            # HELP scurry_entries_refused_total entries not kept
            # TYPE scurry_entries_refused_total counter
            scurry_entries_refused_total{reason="bad_signature"} 3.0
            scurry_entries_refused_total{reason="gap"} 0
            # TYPE scurry_store_append_seconds histogram
            scurry_store_append_seconds_bucket{le="0.001"} 1
            scurry_store_append_seconds_bucket{le="+Inf"} 2
            scurry_store_append_seconds_count 2
            scurry_store_append_seconds_sum 0.0042
            # TYPE odd gauge
            odd{text="a \\"quoted\\" \\\\ line\\nbreak",x="1"} -Inf 1700000000000
            """;

    @Test
    void readsSamplesLabelsEscapesAndSpecialValues() {
        PrometheusText.Scrape s = PrometheusText.parse(GOOD);

        assertThat(s.type("scurry_entries_refused_total")).isEqualTo("counter");
        assertThat(s.value("scurry_entries_refused_total", "reason", "bad_signature"))
                .isEqualTo(3.0);
        assertThat(s.value("scurry_store_append_seconds_bucket", "le", "+Inf")).isEqualTo(2);
        assertThat(s.value("scurry_store_append_seconds_sum")).isEqualTo(0.0042);
        assertThat(s.find("odd").get(0).labels()).containsEntry("text", "a \"quoted\" \\ line\nbreak");
        assertThat(s.value("odd", "x", "1")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void anAmbiguousOrMissingLookUpFails() {
        PrometheusText.Scrape s = PrometheusText.parse(GOOD);
        assertThatThrownBy(() -> s.value("scurry_entries_refused_total")).hasMessageContaining("2 samples match");
        assertThatThrownBy(() -> s.value("nothing")).hasMessageContaining("0 samples match");
    }

    @Test
    void refusesWhatIsNotTheFormat() {
        assertThatThrownBy(() -> PrometheusText.parse("a 1\n")).hasMessageContaining("before the # TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na{b=\"1} 1\n"))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na{1b=\"1\"} 1\n"))
                .hasMessageContaining("bad label name");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na one\n"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na 1\na 2\n"))
                .hasMessageContaining("the same series twice");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a histogram\na_bucket 1\n"))
                .hasMessageContaining("without le");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na{b=\"\\t\"} 1\n"))
                .hasMessageContaining("bad escape");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na 1")).hasMessageContaining("line break");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\n# TYPE a counter\n"))
                .hasMessageContaining("second TYPE");
    }

    @Test
    void readsWhatMicrometersPrometheusRegistryWrites() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SwarmMeters meters = new SwarmMeters(registry);
        meters.received(5);
        meters.refused("bad_signature", 2);
        meters.verified(3);
        meters.appended(3, 2_000_000);
        Counter.builder("x.y").tag("q", "with \"quotes\"").register(registry).increment();

        PrometheusText.Scrape s = PrometheusText.parse(registry.scrape());

        assertThat(s.type("scurry_entries_received_total")).isEqualTo("counter");
        assertThat(s.value("scurry_entries_received_total")).isEqualTo(5);
        assertThat(s.value("scurry_entries_refused_total", "reason", "bad_signature"))
                .isEqualTo(2);
        assertThat(s.value("scurry_entries_refused_total", "reason", "gap")).isZero();
        assertThat(s.value("scurry_store_append_seconds_count")).isEqualTo(1);
        assertThat(s.value("scurry_store_append_seconds_sum")).isEqualTo(0.002);
        assertThat(s.value("x_y_total", "q", "with \"quotes\"")).isEqualTo(1);
    }
}

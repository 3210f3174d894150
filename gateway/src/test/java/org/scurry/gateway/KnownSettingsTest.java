package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The list of known settings, the embedded defaults, the docs' table, GatewaySettings' keys and
 * the shipped example configurations say the same: none can drift from the others.
 */
class KnownSettingsTest {
    private static final Path ROOT = GatewayProcess.root();

    @Test
    void theEmbeddedDefaultsHoldEveryKnownKeyWithItsDefaultAndNoOther() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = GatewaySettings.class.getResourceAsStream(GatewaySettings.DEFAULTS)) {
            defaults.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> scurryKeys = defaults.stringPropertyNames().stream()
                .filter(k -> k.startsWith("scurry."))
                .collect(Collectors.toMap(k -> k, defaults::getProperty, (a, b) -> a, TreeMap::new));
        Map<String, String> known = KnownSettings.ALL.stream()
                .collect(Collectors.toMap(
                        KnownSettings.Setting::key, KnownSettings.Setting::defaultValue, (a, b) -> a, TreeMap::new));

        assertThat(scurryKeys).isEqualTo(known);
        assertThat(KnownSettings.ALL)
                .allSatisfy(s -> assertThat(s.description()).isNotBlank());
    }

    @Test
    void everyKeyGatewaySettingsNamesIsKnown() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Field f : GatewaySettings.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String v = (String) f.get(null);
                if (v.startsWith("scurry.")) {
                    keys.add(v);
                }
            }
        }

        assertThat(keys).hasSizeGreaterThan(40);
        assertThat(keys).allSatisfy(k -> assertThat(KnownSettings.get(k)).as(k).isPresent());
        assertThat(KnownSettings.ALL).extracting(KnownSettings.Setting::key).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void theDocsTableIsTheListOfKnownSettings() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
        int start = doc.indexOf(KnownSettings.TABLE_START);
        int end = doc.indexOf(KnownSettings.TABLE_END);
        assertThat(start)
                .as("docs/configuration.md has the table's start marker")
                .isNotNegative();
        assertThat(end).as("and its end marker").isGreaterThan(start);
        String table =
                doc.substring(start + KnownSettings.TABLE_START.length(), end).strip() + "\n";

        assertThat(table)
                .as(
                        "docs/configuration.md's settings table; replace it with KnownSettings.markdownTable():%n%s",
                        KnownSettings.markdownTable())
                .isEqualTo(KnownSettings.markdownTable());
    }

    @Test
    void theDocsNameEveryEnvironmentVariableAndSystemProperty() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/configuration.md"));

        assertThat(doc).contains(KnownSettings.ENVIRONMENT.keySet());
        assertThat(doc).contains(KnownSettings.SYSTEM_PROPERTIES.keySet());
    }

    @Test
    void theShippedConfigurationsUseKnownKeysEvenWhereCommentedOut() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT.resolve("config"))) {
            files = s.filter(p -> p.toString().endsWith(".properties"))
                    .filter(p -> !p.getFileName().toString().equals("application.properties"))
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            // "#scurry.swarm.advertise=..." is a key a reader is invited to uncomment: it must work.
            String uncommented = Files.readString(f).replaceAll("(?m)^#(scurry\\.)", "$1");

            assertThat(SettingsCheck.unknownKeys(f, uncommented))
                    .as(f.toString())
                    .isEmpty();
        }
    }
}

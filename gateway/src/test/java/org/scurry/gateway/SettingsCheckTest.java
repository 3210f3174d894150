package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown keys, system properties and environment variables are found, where they are, with the key meant. */
class SettingsCheckTest {
    @TempDir
    Path dir;

    @Test
    void keysAreFoundOnTheirLinesAsPropertiesReadsThem() {
        String text = "# a comment\r\n"
                + "! another \\\n"
                + "scurry.http.port=8480\r\n"
                + "\n"
                + "   scurry.peers : a:1,\\\n"
                + "      b:2\n"
                + "scurry.xmpp.pass\\\n"
                + "  word secret\n"
                + "scurry\\u002enetwork=x\n"
                + "camel.main.name=y";

        assertThat(SettingsCheck.keys(text))
                .containsExactly(
                        new SettingsCheck.KeyAt("scurry.http.port", 3),
                        new SettingsCheck.KeyAt("scurry.peers", 5),
                        new SettingsCheck.KeyAt("scurry.xmpp.password", 7),
                        new SettingsCheck.KeyAt("scurry.network", 9),
                        new SettingsCheck.KeyAt("camel.main.name", 10));
    }

    @Test
    void aMisspeltKeyStopsTheLoadWithItsFileLineAndTheKeyMeant() throws Exception {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "# my node\nscurry.http.port=8480\nscurry.htpp.host=0.0.0.0\ncamel.main.name=x\n");

        assertThatThrownBy(() -> GatewaySettings.load(file, new Properties(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting scurry.htpp.host in " + file + " line 3: did you mean scurry.http.host?");
    }

    @Test
    void everyUnknownKeyIsReportedAtOnceAndNoValueIsRepeated() throws Exception {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "scury.peers=a:1\nscurry.xmpp.pasword=hunter2\nfoo.bar=1\n");

        assertThatThrownBy(() -> GatewaySettings.load(file, new Properties(), Map.of()))
                .hasMessage(String.join(
                        "\n",
                        "unknown setting scury.peers in " + file + " line 1: did you mean scurry.peers?",
                        "unknown setting scurry.xmpp.pasword in " + file
                                + " line 2: did you mean scurry.xmpp.password?",
                        "unknown setting foo.bar in " + file + " line 3 (docs/configuration.md lists the settings)"))
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void knownAndCamelKeysLoad() throws Exception {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "scurry.http.port=8480\ncamel.main.name=other\ncamel.component.foo.bar=1\n");

        GatewaySettings s = GatewaySettings.load(file, new Properties(), Map.of());

        assertThat(s.httpPort()).isEqualTo(8480);
        assertThat(s.camelProperties()).containsEntry("camel.main.name", "other");
    }

    @Test
    void aFileThatIsNotUtf8IsSaidSo() throws Exception {
        Path file = dir.resolve("latin1.properties");
        Files.write(
                file,
                new byte[] {'s', 'c', 'u', 'r', 'r', 'y', '.', 'n', 'e', 't', 'w', 'o', 'r', 'k', '=', (byte) 0xe9});

        assertThatThrownBy(() -> GatewaySettings.load(file, new Properties(), Map.of()))
                .hasMessage("config file " + file + " is not UTF-8 text");
    }

    @Test
    void systemPropertiesScurryDoesNotReadAreRefused() {
        Properties system = new Properties();
        system.setProperty("java.version", "17");
        system.setProperty("scurry.crypto", "sodium");
        system.setProperty("scurry.crypto.sodium-library", "/lib/libsodium.so");
        system.setProperty("scurry.http.port", "9000");
        system.setProperty("scurry.cyrpto", "sodium");

        assertThat(SettingsCheck.unreadSystemProperties(system))
                .containsExactly(
                        "unknown system property -Dscurry.cyrpto: did you mean -Dscurry.crypto?",
                        "-Dscurry.http.port is not read: settings go in the --config file (or an option of"
                                + " `gateway`), not in system properties");
    }

    @Test
    void unknownScurryEnvironmentVariablesAreWarnedAbout() {
        assertThat(SettingsCheck.unknownEnvironment(
                        Map.of("SCURRY_DAT", "/srv/node", "SCURRY_DATA", "/srv", "HOME", "/root", "SCURRY_BOGUS", "1")))
                .containsExactly(
                        "the environment variable SCURRY_BOGUS is not one Scurry reads",
                        "the environment variable SCURRY_DAT is not one Scurry reads: did you mean SCURRY_DATA?");
    }
}

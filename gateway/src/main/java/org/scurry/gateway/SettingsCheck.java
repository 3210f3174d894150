package org.scurry.gateway;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Finds the settings the gateway would otherwise ignore without a word: unknown keys in a
 * configuration file, {@code -Dscurry.*} system properties it does not read, and {@code SCURRY_*}
 * environment variables it does not know. Each finding is one line naming where it is and, when
 * one is close, the known name meant ("did you mean …?", {@link Nearest}).
 *
 * <p>Why an unknown key stops the gateway rather than being skipped: a misspelt {@code
 * scurry.htpp.host=127.0.0.1} would leave the API on whatever the defaults say, and the operator
 * would not know. Environment variables only warn: the environment is shared with everything else
 * the user runs.
 */
public final class SettingsCheck {
    private SettingsCheck() {}

    /** A key as written in a properties file, and the line it starts on (from 1). */
    record KeyAt(String key, int line) {}

    /**
     * One line per key of {@code text} (the content of {@code file}) that is neither a known
     * {@code scurry.} setting nor a {@code camel.} key, in the order they appear, e.g. {@code
     * "unknown setting scurry.htpp.port in /etc/scurry/x.properties line 4: did you mean
     * scurry.http.port?"}; empty when all are known.
     */
    public static List<String> unknownKeys(Path file, String text) {
        List<KeyAt> keys;
        try {
            keys = keys(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read config file " + file + " " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        for (KeyAt k : keys) {
            if (k.key().startsWith("camel.") || KnownSettings.get(k.key()).isPresent()) {
                continue;
            }
            String where = "unknown setting " + quoted(k.key()) + " in " + file + " line " + k.line();
            problems.add(KnownSettings.nearest(k.key())
                    .map(n -> where + ": did you mean " + n + "?")
                    .orElse(where + " (docs/configuration.md lists the settings)"));
        }
        return problems;
    }

    /**
     * One line per {@code scurry.*} system property that Scurry does not read: a setting's key
     * given as {@code -D} (settings are read from the configuration file and the options only),
     * or an unknown name.
     */
    public static List<String> unreadSystemProperties(Properties system) {
        List<String> problems = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(system.stringPropertyNames())) {
            if (!name.startsWith("scurry.") || KnownSettings.SYSTEM_PROPERTIES.containsKey(name)) {
                continue;
            }
            if (KnownSettings.get(name).isPresent()) {
                problems.add("-D" + name + " is not read: settings go in the --config file (or an option of"
                        + " `gateway`), not in system properties");
            } else {
                String near = Nearest.to(name, KnownSettings.SYSTEM_PROPERTIES.keySet())
                        .or(() -> KnownSettings.nearest(name))
                        .map(n -> ": did you mean -D" + n + "?")
                        .orElse("");
                problems.add("unknown system property -D" + quoted(name) + near);
            }
        }
        return problems;
    }

    /** One warning per {@code SCURRY_*} environment variable Scurry does not read. */
    public static List<String> unknownEnvironment(Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(env.keySet())) {
            if (name.startsWith("SCURRY_") && !KnownSettings.ENVIRONMENT.containsKey(name)) {
                warnings.add("the environment variable " + quoted(name) + " is not one Scurry reads"
                        + Nearest.to(name, KnownSettings.ENVIRONMENT.keySet())
                                .map(n -> ": did you mean " + n + "?")
                                .orElse(""));
            }
        }
        return warnings;
    }

    /**
     * The keys of a properties text with the line each starts on, as {@link Properties#load}
     * reads them: comment and blank lines skipped, a line ending in an odd number of backslashes
     * continued on the next, escapes in keys undone (each logical line is handed to {@code
     * Properties} itself, so the key is exactly the one it will hold).
     */
    static List<KeyAt> keys(String text) {
        List<KeyAt> keys = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].stripLeading();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            int first = i;
            StringBuilder logical = new StringBuilder(lines[i]);
            while (endsInOpenBackslash(lines[i]) && i + 1 < lines.length) {
                logical.append('\n').append(lines[++i]);
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (first + 1) + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String key : one.stringPropertyNames()) {
                keys.add(new KeyAt(key, first + 1));
            }
        }
        return keys;
    }

    private static boolean endsInOpenBackslash(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** A name as found, with control characters escaped: it came from a file or the environment. */
    private static String quoted(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}

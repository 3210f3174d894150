package org.scurry.gateway.management;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (what {@code /metrics} serves),
 * for tests: every line must be a {@code # HELP}, a {@code # TYPE}, another comment, a blank line
 * or a sample {@code name{label="value",...} value [timestamp]}; a sample must follow the {@code
 * # TYPE} of its family; names, label names, escapes and values must be well formed; a series may
 * appear once; a histogram bucket needs {@code le}. Anything else throws IllegalArgumentException
 * naming the line. (No Prometheus parser for Java is on Maven Central: the official client only
 * writes the format.)
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final List<String> SUFFIXES = List.of("_total", "_count", "_sum", "_bucket", "_created", "_max");

    /** One sample: the series' name and labels, and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    /** What one scrape held. */
    public record Scrape(Map<String, String> types, List<Sample> samples) {
        /** The type a family was declared with, or null. */
        public String type(String family) {
            return types.get(family);
        }

        /**
         * The value of the one sample named {@code name} whose labels include {@code labels} (name,
         * value, name, value ...); throws AssertionError when none or several match.
         */
        public double value(String name, String... labels) {
            List<Sample> found = find(name, labels);
            if (found.size() != 1) {
                throw new AssertionError(
                        found.size() + " samples match " + name + " " + List.of(labels) + ": " + found);
            }
            return found.get(0).value();
        }

        /** The samples named {@code name} whose labels include {@code labels}. */
        public List<Sample> find(String name, String... labels) {
            if (labels.length % 2 != 0) {
                throw new IllegalArgumentException("labels come in name, value pairs: " + List.of(labels));
            }
            List<Sample> out = new ArrayList<>();
            for (Sample s : samples) {
                boolean match = s.name().equals(name);
                for (int i = 0; match && i < labels.length; i += 2) {
                    match = labels[i + 1].equals(s.labels().get(labels[i]));
                }
                if (match) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    private PrometheusText() {}

    public static Scrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> helped = new HashSet<>();
        List<Sample> samples = new ArrayList<>();
        Set<String> series = new HashSet<>();
        Map<String, Boolean> sampled = new HashMap<>();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text must end with a line break");
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[1].equals("TYPE")) {
                    if (parts.length != 4 || !NAME.matcher(parts[2]).matches() || !TYPES.contains(parts[3])) {
                        throw bad(no, line, "a TYPE line is # TYPE name counter|gauge|histogram|summary|untyped");
                    }
                    if (types.put(parts[2], parts[3]) != null || sampled.containsKey(parts[2])) {
                        throw bad(no, line, "a second TYPE, or a TYPE after the family's samples");
                    }
                } else if (parts.length >= 3 && parts[1].equals("HELP")) {
                    if (!NAME.matcher(parts[2]).matches() || !helped.add(parts[2])) {
                        throw bad(no, line, "a HELP line with a bad or repeated name");
                    }
                }
                continue;
            }
            Sample s = sample(no, line);
            String family = family(s.name(), types);
            if (family == null) {
                throw bad(no, line, "a sample before the # TYPE of its family");
            }
            sampled.put(family, true);
            if (s.name().endsWith("_bucket")
                    && "histogram".equals(types.get(family))
                    && !s.labels().containsKey("le")) {
                throw bad(no, line, "a histogram bucket without le");
            }
            if (!series.add(s.name() + s.labels())) {
                throw bad(no, line, "the same series twice");
            }
            samples.add(s);
        }
        return new Scrape(Map.copyOf(types), List.copyOf(samples));
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Sample sample(int no, String line) {
        Matcher m = NAME.matcher(line);
        if (!m.lookingAt()) {
            throw bad(no, line, "a sample starts with a metric name");
        }
        String name = m.group();
        int at = m.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                Matcher l = LABEL.matcher(line).region(at, line.length());
                if (!l.lookingAt()) {
                    throw bad(no, line, "a bad label name at column " + (at + 1));
                }
                String label = l.group();
                at = l.end();
                if (!line.startsWith("=\"", at)) {
                    throw bad(no, line, "a label is name=\"value\"");
                }
                at += 2;
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (at >= line.length()) {
                        throw bad(no, line, "an unterminated label value");
                    }
                    char c = line.charAt(at++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char e = at < line.length() ? line.charAt(at++) : ' ';
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw bad(no, line, "a bad escape \\" + e);
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw bad(no, line, "the label " + label + " twice");
                }
                if (at < line.length() && line.charAt(at) == ',') {
                    at++;
                } else if (at >= line.length() || line.charAt(at) != '}') {
                    throw bad(no, line, "labels are separated by commas and closed by }");
                }
            }
            at++;
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw bad(no, line, "a space between the series and its value");
        }
        String[] rest = line.substring(at + 1).split(" ", -1);
        if (rest.length > 2) {
            throw bad(no, line, "a value and at most a timestamp after the series");
        }
        double value = value(no, line, rest[0]);
        if (rest.length == 2 && !rest[1].matches("-?\\d+")) {
            throw bad(no, line, "a timestamp is an integer of milliseconds");
        }
        return new Sample(name, Map.copyOf(labels), value);
    }

    private static double value(int no, String line, String v) {
        switch (v) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!v.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw bad(no, line, "not a number: " + v);
                }
                return Double.parseDouble(v);
        }
    }

    private static IllegalArgumentException bad(int no, String line, String what) {
        return new IllegalArgumentException("line " + no + ": " + what + ": " + line);
    }
}

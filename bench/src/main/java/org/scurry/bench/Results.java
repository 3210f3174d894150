package org.scurry.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the figures of one suite run and writes them as {@code latest.json} (every figure with
 * median, min, max, runs, unit and baseline) and {@code latest.md} (a short table for people).
 */
public final class Results {
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private final Map<String, String> attachments = new LinkedHashMap<>();
    private final Map<String, String> machine = Machine.describe();
    private List<RunClock.Part> parts = List.of();
    private double totalSeconds = Double.NaN;

    public synchronized void add(Figure f) {
        figures.add(f);
    }

    public synchronized void addAll(List<Figure> fs) {
        figures.addAll(fs);
    }

    /** A fact that is not a number, or the reason a figure could not be measured. */
    public synchronized void note(String key, String text) {
        notes.put(key, text);
    }

    /** A file written beside the results (a chart), shown in {@code latest.md} under {@code label}. */
    public synchronized void attach(String label, String file) {
        attachments.put(file, label);
    }

    public synchronized Map<String, String> attachments() {
        return Map.copyOf(attachments);
    }

    public synchronized Map<String, String> notes() {
        return Map.copyOf(notes);
    }

    public synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** The run's time by part and in total (wall seconds from bench/run.sh's start, build included). */
    public synchronized void runTime(List<RunClock.Part> parts, double totalSeconds) {
        this.parts = List.copyOf(parts);
        this.totalSeconds = totalSeconds;
    }

    public synchronized void write(Path dir, String parameters) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("generated", Instant.now().toString());
        root.put("parameters", parameters);
        ObjectNode m = root.putObject("machine");
        machine.forEach(m::put);
        if (!Double.isNaN(totalSeconds)) {
            ObjectNode rt = root.putObject("runTime");
            rt.put("totalWallSeconds", totalSeconds);
            rt.put("limitSeconds", RunClock.LIMIT_SECONDS);
            rt.put("withinLimit", totalSeconds < RunClock.LIMIT_SECONDS);
            ArrayNode ps = rt.putArray("parts");
            for (RunClock.Part p : parts) {
                ObjectNode o = ps.addObject();
                o.put("name", p.name());
                putNumber(o, "wallSeconds", p.wallSeconds());
                putNumber(o, "cpuSeconds", p.cpuSeconds());
                putNumber(o, "loadAtEnd", p.loadAtEnd());
            }
        }
        ObjectNode figs = root.putObject("figures");
        for (Figure f : figures) {
            ObjectNode o = figs.putObject(f.name());
            o.put("label", f.label());
            o.put("median", f.median());
            o.put("min", f.min());
            o.put("max", f.max());
            o.put("runs", f.runs());
            o.put("unit", f.unit());
            ArrayNode values = o.putArray("values");
            f.values().forEach(values::add);
            if (f.baseline() != null) {
                o.put("baseline", f.baseline());
                o.put("baselineSource", f.baselineSource());
            } else {
                o.putNull("baseline");
            }
        }
        ObjectNode n = root.putObject("notes");
        notes.forEach(n::put);
        ObjectNode a = root.putObject("attachments");
        attachments.forEach(a::put);
        json.writeValue(dir.resolve("latest.json").toFile(), root);
        Files.writeString(dir.resolve("latest.md"), markdown(parameters), StandardCharsets.UTF_8);
    }

    /** JSON has no NaN: an unknown number is null. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private String markdown(String parameters) {
        StringBuilder b = new StringBuilder();
        b.append("# Scurry benchmark results\n\n");
        b.append("Generated ")
                .append(Instant.now())
                .append(" by `bench/run.sh ")
                .append(parameters)
                .append("`.\n\n");
        b.append("Machine: ");
        machine.forEach((k, v) -> b.append(k).append(" = ").append(v).append("; "));
        b.setLength(b.length() - 2);
        b.append(".\n\n");
        if (!Double.isNaN(totalSeconds)) {
            runTimeTable(b);
        }
        b.append("| figure | median | min | max | runs | unit | baseline |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (Figure f : figures) {
            b.append("| ").append(f.label());
            b.append(" | ").append(format(f.median()));
            b.append(" | ").append(format(f.min()));
            b.append(" | ").append(format(f.max()));
            b.append(" | ").append(f.runs());
            b.append(" | ").append(f.unit());
            b.append(" | ");
            if (f.baseline() != null) {
                b.append(format(f.baseline()))
                        .append(" (")
                        .append(f.baselineSource())
                        .append(")");
            }
            b.append(" |\n");
        }
        attachments.forEach((file, label) -> b.append("\n")
                .append(label)
                .append(":\n\n![")
                .append(label)
                .append("](")
                .append(file)
                .append(")\n"));
        if (!notes.isEmpty()) {
            b.append("\nNotes:\n\n");
            notes.forEach((k, v) ->
                    b.append("- **").append(k).append("**: ").append(v).append('\n'));
        }
        return b.toString();
    }

    private void runTimeTable(StringBuilder b) {
        b.append("Run time: **")
                .append(minutes(totalSeconds))
                .append("** from the start of `bench/run.sh` to the results, build included (limit ")
                .append(minutes(RunClock.LIMIT_SECONDS))
                .append(", issue 6: ")
                .append(totalSeconds < RunClock.LIMIT_SECONDS ? "within it" : "**over it**")
                .append("). CPU is this JVM's and its child processes' (2 cores give at most 2 s per s);")
                .append(" the machine may be shared, see the load.\n\n");
        b.append("| part | wall | CPU | load (1 min) at its end |\n");
        b.append("| --- | ---: | ---: | ---: |\n");
        for (RunClock.Part p : parts) {
            b.append("| ").append(p.name());
            b.append(" | ").append(minutes(p.wallSeconds()));
            b.append(" | ").append(minutes(p.cpuSeconds()));
            b.append(" | ").append(Double.isNaN(p.loadAtEnd()) ? "?" : format(p.loadAtEnd()));
            b.append(" |\n");
        }
        b.append("| **total** | **").append(minutes(totalSeconds)).append("** | | |\n\n");
    }

    /** 754 → "12 min 34 s"; 42.4 → "42 s"; NaN → "?". */
    static String minutes(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    /** Three significant figures at most, thousands separated: 15,300 · 0.712 · 3.25. */
    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}

package org.scurry.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One measured quantity over several runs: the values in run order, their unit, and where there is
 * one a baseline (an earlier measurement or a target from an issue) to read them against.
 *
 * @param name stable key in {@code latest.json}, e.g. {@code replication.entriesPerSecond}
 * @param label what a person reads in {@code latest.md}
 * @param unit unit of every value
 * @param values one value per run, in run order; never empty
 * @param baseline the figure to compare with, or null
 * @param baselineSource where the baseline comes from (a document, an issue), or null
 */
public record Figure(
        String name, String label, String unit, List<Double> values, Double baseline, String baselineSource) {

    public Figure {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one value: " + name);
        }
        values = List.copyOf(values);
    }

    public static Figure of(String name, String label, String unit, List<Double> values) {
        return new Figure(name, label, unit, values, null, null);
    }

    /** One value per run: what each benchmark's runs give a figure. */
    public static <T> List<Double> values(List<T> runs, java.util.function.ToDoubleFunction<T> value) {
        return runs.stream().map(value::applyAsDouble).toList();
    }

    public Figure withBaseline(double value, String source) {
        return new Figure(name, label, unit, values, value, source);
    }

    /** The median; for an even count, the mean of the two middle values. */
    public double median() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The {@code p}th percentile of {@code values} by nearest rank: one of the values, never an interpolation. */
    public static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public double min() {
        return Collections.min(values);
    }

    public double max() {
        return Collections.max(values);
    }

    public int runs() {
        return values.size();
    }
}

package org.scurry.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts of benchmark figures, drawn with XChart into one PNG: panels side by side, each with
 * its axes, legend and lines with point markers. Runs headless (Java2D needs a font: Debian's
 * fonts-dejavu-core, which {@code .ci/run} installs when missing).
 */
public final class LineCharts {
    /** Wide enough for a row of four legend entries such as "flooding 10,000" (480 cut the fourth). */
    private static final int PANEL_WIDTH = 580;

    private static final int PANEL_HEIGHT = 360;

    /** One line: a name for the legend, points (x, y), and a dash pattern ("" for solid, "5,3"). */
    public record Series(String name, double[] x, double[] y, String dash) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
            }
        }
    }

    /** One plot: title, axis labels, y range (NaN for automatic) and its lines. */
    public record Panel(String title, String xLabel, String yLabel, double yMin, double yMax, List<Series> series) {}

    private LineCharts() {}

    /** Draws {@code panels} in a row and writes them to {@code file} as a PNG. */
    public static void writePng(Path file, List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<XYChart> charts = new ArrayList<>();
        for (Panel p : panels) {
            charts.add(chart(p));
        }
        String name = file.toString();
        if (!name.endsWith(".png")) {
            throw new IllegalArgumentException("chart file must end in .png: " + file);
        }
        // XChart appends the extension itself.
        BitmapEncoder.saveBitmap(
                charts, 1, charts.size(), name.substring(0, name.length() - 4), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(Panel p) {
        XYChart chart = new XYChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title(p.title())
                .xAxisTitle(p.xLabel())
                .yAxisTitle(p.yLabel())
                .build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setMarkerSize(6);
        if (!Double.isNaN(p.yMin())) {
            chart.getStyler().setYAxisMin(p.yMin());
        }
        if (!Double.isNaN(p.yMax())) {
            chart.getStyler().setYAxisMax(p.yMax());
        }
        for (Series s : p.series()) {
            XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineStyle(stroke(s.dash()));
        }
        return chart;
    }

    private static BasicStroke stroke(String dash) {
        if (dash.isEmpty()) {
            return new BasicStroke(2f);
        }
        String[] parts = dash.split(",");
        float[] pattern = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            pattern[i] = Float.parseFloat(parts[i].trim()) * 2;
        }
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, pattern, 0f);
    }
}

package org.scurry.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line-chart writer: panels side by side, each with axes, ticks, a legend and lines
 * with point markers. No plotting library is in the project's offline Maven repository, so the
 * benchmarks draw their charts with this (a few hundred bytes of SVG per line; any browser shows it).
 */
public final class SvgChart {
    private static final int PANEL_W = 360;
    private static final int PANEL_H = 280;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 40;
    private static final int BOTTOM = 44;
    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"
    };

    /** One line: a name for the legend, points (x, y), and a dash pattern ("" for solid). */
    public record Series(String name, double[] x, double[] y, String dash) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
            }
        }
    }

    /** One plot: title, axis labels, y range (NaN for automatic) and its lines. */
    public record Panel(String title, String xLabel, String yLabel, double yMin, double yMax, List<Series> series) {}

    private SvgChart() {}

    /** The SVG document of the panels laid out in a row under {@code title}. */
    public static String render(String title, List<Panel> panels) {
        int width = PANEL_W * panels.size();
        int height = PANEL_H + 30;
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"11\">\n",
                width,
                height,
                width,
                height));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append(text(width / 2.0, 18, title, "middle", 14, "bold"));
        for (int i = 0; i < panels.size(); i++) {
            panel(b, panels.get(i), i * PANEL_W, 30);
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static void panel(StringBuilder b, Panel p, int ox, int oy) {
        double[] xr = range(p.series(), true, Double.NaN, Double.NaN);
        double[] yr = range(p.series(), false, p.yMin(), p.yMax());
        int x0 = ox + LEFT;
        int x1 = ox + PANEL_W - RIGHT;
        int y0 = oy + PANEL_H - BOTTOM;
        int y1 = oy + TOP;
        b.append(text((x0 + x1) / 2.0, oy + 16, p.title(), "middle", 12, "bold"));
        b.append(line(x0, y0, x1, y0, "#000")).append(line(x0, y0, x0, y1, "#000"));
        for (double t : ticks(xr[0], xr[1])) {
            double x = scale(t, xr, x0, x1);
            b.append(line(x, y0, x, y0 + 4, "#000"));
            b.append(text(x, y0 + 16, label(t), "middle", 10, "normal"));
        }
        for (double t : ticks(yr[0], yr[1])) {
            double y = scale(t, yr, y0, y1);
            b.append(line(x0 - 4, y, x0, y, "#000")).append(line(x0, y, x1, y, "#eee"));
            b.append(text(x0 - 6, y + 3, label(t), "end", 10, "normal"));
        }
        b.append(text((x0 + x1) / 2.0, y0 + 32, p.xLabel(), "middle", 11, "normal"));
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>\n",
                ox + 14.0,
                (y0 + y1) / 2.0,
                ox + 14.0,
                (y0 + y1) / 2.0,
                escape(p.yLabel())));
        int legendY = y1 + 4;
        for (int i = 0; i < p.series().size(); i++) {
            Series s = p.series().get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int k = 0; k < s.x().length; k++) {
                if (Double.isNaN(s.y()[k])) {
                    continue;
                }
                double x = scale(s.x()[k], xr, x0, x1);
                double y = scale(s.y()[k], yr, y0, y1);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                b.append(String.format(
                        Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n", x, y, colour));
            }
            b.append(String.format(
                    Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s/>\n",
                    points.toString().trim(),
                    colour,
                    s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\""));
            int ly = legendY + 12 * i;
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.6\"%s/>\n",
                    x1 - 120,
                    ly,
                    x1 - 104,
                    ly,
                    colour,
                    s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\""));
            b.append(text(x1 - 100, ly + 3, s.name(), "start", 9, "normal"));
        }
    }

    /** Min and max over the series (x or y), padded for y; fixed ends when given. */
    static double[] range(List<Series> series, boolean x, double fixedMin, double fixedMax) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : x ? s.x() : s.y()) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0;
            hi = 1;
        }
        if (!x) {
            lo = Math.min(lo, 0);
            hi = hi + (hi - lo) * 0.08;
        }
        if (!Double.isNaN(fixedMin)) {
            lo = fixedMin;
        }
        if (!Double.isNaN(fixedMax)) {
            hi = fixedMax;
        }
        if (hi <= lo) {
            hi = lo + 1;
        }
        return new double[] {lo, hi};
    }

    /** About five round tick values between lo and hi. */
    static List<Double> ticks(double lo, double hi) {
        double span = hi - lo;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (span / (step * m) <= 6) {
                step *= m;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    private static double scale(double v, double[] r, double a, double b) {
        return a + (v - r[0]) / (r[1] - r[0]) * (b - a);
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String line(double xa, double ya, double xb, double yb, String colour) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                xa,
                ya,
                xb,
                yb,
                colour);
    }

    private static String text(double x, double y, String s, String anchor, int size, String weight) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\">%s</text>\n",
                x,
                y,
                anchor,
                size,
                weight,
                escape(s));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

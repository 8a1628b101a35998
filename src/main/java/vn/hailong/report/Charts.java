package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.report.SatisfactionReport.ElementFigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Geometry of the dashboard's SVG charts, in SVG user units. Only numbers and labels are computed
 * here; the markup is in the template (report/charts.html). Every mark also carries its value as
 * text, so a chart printed in black and white still says everything.
 */
final class Charts {

    static final int WIDTH = 640;

    private Charts() {
    }

    public record Tick(double at, String label) {
    }

    // --- element bars with 95 % interval whiskers ---

    public record Bar(String code, String title, double y, double width, @Nullable Double low, @Nullable Double high,
               String value, @Nullable String interval) {
    }

    public record BarChart(int width, int height, double left, double right, double axisY, List<Bar> bars, List<Tick> ticks) {
    }

    static final double BAR_LEFT = 8;
    static final double BAR_RIGHT = 560;
    private static final double ROW = 46;

    static BarChart elements(List<ElementFigure> elements, String language) {
        List<Row> rows = new ArrayList<>();
        for (ElementFigure e : elements) {
            rows.add(new Row(e.code(), "en".equals(language) ? e.title().en() : e.title().vi(), e.index(), e.ci95()));
        }
        return bars(rows);
    }

    /** One bar of a percentage (an index or a share) with its interval; {@code value} null draws no bar. */
    record Row(String code, String title, @Nullable Double value, @Nullable List<Double> ci95) {
    }

    /** Horizontal bars on a 0–100 axis with interval whiskers: the element indexes, the one-stop rating's shares. */
    static BarChart bars(List<Row> rows) {
        List<Bar> bars = new ArrayList<>();
        double y = 8;
        for (Row e : rows) {
            Double low = e.ci95() == null ? null : x(e.ci95().get(0));
            Double high = e.ci95() == null ? null : x(e.ci95().get(1));
            bars.add(new Bar(e.code(), e.title(), y, e.value() == null ? 0 : x(e.value()) - BAR_LEFT, low, high,
                    e.value() == null ? "—" : decimal(e.value()),
                    e.ci95() == null ? null : decimal(e.ci95().get(0)) + "–" + decimal(e.ci95().get(1))));
            y += ROW;
        }
        List<Tick> ticks = new ArrayList<>();
        for (int v = 0; v <= 100; v += 20) {
            ticks.add(new Tick(x(v), Integer.toString(v)));
        }
        return new BarChart(WIDTH, (int) y + 24, BAR_LEFT, BAR_RIGHT, y + 2, bars, ticks);
    }

    private static double x(double percent) {
        return round(BAR_LEFT + (BAR_RIGHT - BAR_LEFT) * percent / 100.0);
    }

    // --- monthly trend with an interval band ---

    public record Point(double x, @Nullable Double y, String period, @Nullable String value, long responses, boolean sufficient) {

        private static final java.util.regex.Pattern MONTH = java.util.regex.Pattern.compile("\\d{2}(\\d{2})-(\\d{2})");

        /** The axis label of a month {@code 2026-03} as {@code 03/26}; any other period label as it is. */
        public String tick() {
            java.util.regex.Matcher m = MONTH.matcher(period);
            return m.matches() ? m.group(2) + "/" + m.group(1) : period;
        }
    }

    public record TrendChart(int width, int height, double left, double right, double top, double bottom,
                      List<Point> points, String line, List<String> bands, List<Tick> yTicks) {
    }

    static TrendChart trend(List<TrendPoint> trend) {
        double left = 44;
        double right = WIDTH - 16;
        double top = 16;
        double bottom = 200;
        // The y axis starts at the nearest ten below the lowest interval, so differences stay visible.
        double min = 100;
        for (TrendPoint p : trend) {
            if (p.index() != null) {
                min = Math.min(min, p.ci95() == null ? p.index() : p.ci95().get(0));
            }
        }
        double lowest = Math.max(0, Math.floor((min - 1) / 10) * 10);
        if (lowest > 80) {
            lowest = 80;
        }
        double floor = lowest;
        java.util.function.DoubleUnaryOperator y = v -> round(bottom - (bottom - top) * (v - floor) / (100 - floor));
        // points keep clear of the axis labels on the left and of the edge on the right
        double first = left + 20;
        double last = right - 20;
        double step = trend.size() <= 1 ? 0 : (last - first) / (trend.size() - 1);
        List<Point> points = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        List<String> bands = new ArrayList<>();
        List<double[]> run = new ArrayList<>();
        boolean drawing = false;
        for (int i = 0; i < trend.size(); i++) {
            TrendPoint p = trend.get(i);
            double x = round(trend.size() == 1 ? (left + right) / 2 : first + i * step);
            Double py = p.index() == null ? null : y.applyAsDouble(p.index());
            points.add(new Point(x, py, p.period(), p.index() == null ? null : String.format(Locale.ROOT, "%.1f", p.index()),
                    p.responses(), p.sufficientSample()));
            if (py == null) {
                drawing = false;
            } else {
                line.append(drawing ? " L" : (line.length() == 0 ? "M" : " M")).append(fmt(x)).append(' ').append(fmt(py));
                drawing = true;
            }
            if (p.ci95() != null) {
                run.add(new double[]{x, y.applyAsDouble(p.ci95().get(1)), y.applyAsDouble(p.ci95().get(0))});
            } else {
                addBand(run, bands);
            }
        }
        addBand(run, bands);
        List<Tick> ticks = new ArrayList<>();
        for (double v = floor; v <= 100.0001; v += floor >= 50 ? 10 : 20) {
            ticks.add(new Tick(y.applyAsDouble(v), Integer.toString((int) v)));
        }
        return new TrendChart(WIDTH, 244, left, right, top, bottom, points, line.toString(), bands, ticks);
    }

    /** One polygon around a run of consecutive points that have an interval: along the tops, back along the bottoms. */
    private static void addBand(List<double[]> run, List<String> bands) {
        if (run.size() >= 2) {
            StringBuilder polygon = new StringBuilder();
            for (double[] p : run) {
                polygon.append(fmt(p[0])).append(',').append(fmt(p[1])).append(' ');
            }
            for (int i = run.size() - 1; i >= 0; i--) {
                polygon.append(fmt(run.get(i)[0])).append(',').append(fmt(run.get(i)[2])).append(' ');
            }
            bands.add(polygon.toString().strip());
        }
        run.clear();
    }

    // --- distribution of answers 1..5 as one stacked bar ---

    public record Segment(String value, double x, double width, long count, String percent, boolean labelled) {
    }

    public record Distribution(int width, int height, List<Segment> segments, long total) {
    }

    static final int DISTRIBUTION_WIDTH = 200;

    static Distribution distribution(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<Segment> segments = new ArrayList<>();
        double x = 0;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            if (total == 0 || entry.getValue() == 0) {
                continue;
            }
            double width = round(DISTRIBUTION_WIDTH * (double) entry.getValue() / total);
            segments.add(new Segment(entry.getKey(), round(x), width, entry.getValue(),
                    String.format(Locale.ROOT, "%.0f", 100.0 * entry.getValue() / total), width >= 14));
            x += width;
        }
        return new Distribution(DISTRIBUTION_WIDTH, 18, segments, total);
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}

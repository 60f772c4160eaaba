package org.pagerace.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts the report draws from {@code bench.json} when the run folder has none of its own: the locked and retry
 * paths per convention (bars with 99.9 % error bars; the real kernel write fault, orders of magnitude slower, in
 * the caption), and, for each benchmark
 * with a numeric parameter that varies (a truncate rate, a gap), time per operation against that parameter, one
 * curve per convention and path. Files are named {@code report-bench-*.png}, written through a temporary name.
 */
public final class BenchChart {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;

    private BenchChart() {
    }

    /** Draws the charts into {@code dir}; returns the files written with their captions. */
    public static Map<Path, String> draw(Path dir, List<JmhScore> scores) {
        System.setProperty("java.awt.headless", "true");
        Map<Path, String> out = new LinkedHashMap<>();
        BenchRatios ratios = BenchRatios.of(scores);
        if (!ratios.rows().isEmpty()) {
            Path f = dir.resolve(RunData.OWN_CHART_PREFIX + "bench-paths.png");
            save(costChart(ratios), f);
            StringBuilder caption = new StringBuilder("Locked and retry paths per convention (ns/op, error bars: "
                    + "JMH's 99.9 % half-widths; no retry bar where the retry ended in SIGBUS)");
            for (BenchRatios.Real real : ratios.reals()) {
                caption.append("; ").append(real.label()).append(": ").append(real.ns().format()).append(" ns/op");
            }
            out.put(f, caption.toString());
        }
        for (Map.Entry<String, List<JmhScore>> e : curves(scores).entrySet()) {
            Path f = dir.resolve(RunData.OWN_CHART_PREFIX + "bench-" + e.getKey().replaceAll("[^A-Za-z0-9]+", "-") + ".png");
            save(curveChart(e.getKey(), e.getValue()), f);
            out.put(f, e.getKey() + ": ns/op against " + numericParam(e.getValue()) + " (error bars: 99.9 % half-widths)");
        }
        return out;
    }

    private static CategoryChart costChart(BenchRatios ratios) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Emulated write fault: locked vs retry path").xAxisTitle("").yAxisTitle("ns per store").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(30);
        List<String> categories = new ArrayList<>();
        for (BenchRatios.Row r : ratios.rows()) {
            categories.add(r.convention() + r.setting().replaceAll("^\\S+", ""));
        }
        for (String path : new String[] {"locked", "retry"}) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (BenchRatios.Row r : ratios.rows()) {
                Estimate e = path.equals("locked") ? r.locked() : r.retrySigbus() ? Estimate.NONE : r.retry();
                y.add(e.known() ? e.value() : 0.0);
                err.add(e.known() && !Double.isNaN(e.error()) ? e.error() : 0.0);
            }
            chart.addSeries(path, categories, y, err);
        }
        return chart;
    }

    /** Scores grouped by benchmark method where one numeric parameter varies; the key is {@code Class.method}. */
    private static Map<String, List<JmhScore>> curves(List<JmhScore> scores) {
        Map<String, List<JmhScore>> byMethod = new LinkedHashMap<>();
        scores.forEach(s -> byMethod.computeIfAbsent(s.shortName(), k -> new ArrayList<>()).add(s));
        Map<String, List<JmhScore>> out = new LinkedHashMap<>();
        byMethod.forEach((m, list) -> {
            if (numericParam(list) != null) {
                out.put(m, list);
            }
        });
        return out;
    }

    /** The first parameter whose values are all numbers and take at least three values; null if none. */
    static String numericParam(List<JmhScore> list) {
        Set<String> names = new LinkedHashSet<>();
        list.forEach(s -> names.addAll(s.params().keySet()));
        for (String n : names) {
            Set<String> values = new LinkedHashSet<>();
            boolean numeric = true;
            for (JmhScore s : list) {
                String v = s.params().get(n);
                numeric &= v != null && v.matches("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
                values.add(v);
            }
            if (numeric && values.size() >= 3) {
                return n;
            }
        }
        return null;
    }

    private static XYChart curveChart(String method, List<JmhScore> list) {
        String x = numericParam(list);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(method).xAxisTitle(x)
                .yAxisTitle("ns per operation").build();
        style(chart.getStyler());
        Map<String, TreeMap<Double, Estimate>> series = new LinkedHashMap<>();
        for (JmhScore s : list) {
            Estimate e = s.nanosPerOp();
            if (!e.known()) {
                continue;
            }
            StringBuilder name = new StringBuilder();
            s.params().forEach((k, v) -> {
                if (!k.equals(x)) {
                    name.append(name.length() == 0 ? "" : " ").append(v);
                }
            });
            series.computeIfAbsent(name.length() == 0 ? method : name.toString(), k -> new TreeMap<>())
                    .put(Double.parseDouble(s.params().get(x)), e);
        }
        double min = series.values().stream().flatMap(m -> m.keySet().stream()).mapToDouble(Double::doubleValue).min().orElse(1);
        double max = series.values().stream().flatMap(m -> m.keySet().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
        chart.getStyler().setXAxisLogarithmic(min > 0 && max / min >= 100);
        series.forEach((name, points) -> {
            List<Double> xs = new ArrayList<>(points.keySet());
            List<Double> ys = new ArrayList<>();
            List<Double> errs = new ArrayList<>();
            points.values().forEach(e -> {
                ys.add(e.value());
                errs.add(Double.isNaN(e.error()) ? 0.0 : e.error());
            });
            chart.addSeries(name, xs, ys, errs).setMarker(SeriesMarkers.CIRCLE);
        });
        return chart;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartTitleVisible(true);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp.png");
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

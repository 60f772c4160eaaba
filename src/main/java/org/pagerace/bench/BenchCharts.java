package org.pagerace.bench;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.pagerace.results.AtomicFiles;
import org.pagerace.results.BenchSummaryFile.FaultCost;
import org.pagerace.results.BenchSummaryFile.PathCost;
import org.pagerace.results.BenchSummaryFile.Pressure;
import org.pagerace.results.BenchSummaryFile.RealFault;
import org.pagerace.results.BenchSummaryFile.RetryPrice;
import org.pagerace.results.BenchSummaryFile;
import org.pagerace.results.Estimate;

/**
 * The PNG charts of a benchmark run, drawn with XChart into the run folder (each written to a temporary name and
 * renamed):
 * <ul>
 *   <li>{@code bench-locked-vs-retry-<backing>.png}: per convention, bars for the locked, refault and retry paths
 *       (ns per store, re-arm subtracted, with error bars);</li>
 *   <li>{@code bench-retry-price.png}: per convention and backing, the paired price of a retry (retry - locked, ns
 *       per store, with error bars; {@code RetryPriceBenchmark});</li>
 *   <li>{@code bench-pressure-<backing>.png}: one panel per convention, ns per store attempt and per landed store
 *       against the measured truncate rate, per partner; {@code bench-pressure-overlay-<partner>-<backing>.png}:
 *       ns per landed store of all conventions on one log-scale chart; {@code bench-pressure-events-<backing>.png}:
 *       retries and SIGBUS per store attempt against the rate;</li>
 *   <li>{@code bench-reference.png}: the real kernel's write fault, the JNA call, the safe store and the emulated
 *       locked fault per convention, on a log scale.</li>
 * </ul>
 */
public final class BenchCharts {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 600;
    private static final int PANEL_WIDTH = 430;
    private static final int PANEL_HEIGHT = 380;
    private static final int PANELS_PER_ROW = 4;

    private BenchCharts() {
    }

    /**
     * Draws every chart {@code s} has data for into {@code dir}, each file name starting with {@code prefix} (the
     * report draws its own as {@code report-bench-*.png}); returns the file names written.
     */
    public static List<String> draw(BenchSummaryFile s, Path dir, String prefix) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<String> written = new ArrayList<>();
        for (String backing : BenchSummary.faultBackings(s)) {
            String name = prefix + "bench-locked-vs-retry-" + backing + ".png";
            save(List.of(lockedVsRetry(s, backing)), 1, 1, dir.resolve(name));
            written.add(name);
        }
        if (!s.retryPrice().isEmpty()) {
            save(List.of(retryPrice(s)), 1, 1, dir.resolve(prefix + "bench-retry-price.png"));
            written.add(prefix + "bench-retry-price.png");
        }
        Set<String> backings = new LinkedHashSet<>();
        Set<String> partners = new LinkedHashSet<>();
        for (Pressure p : s.pressure()) {
            backings.add(p.backing());
            partners.add(p.partner());
        }
        for (String backing : backings) {
            List<XYChart> cost = pressurePanels(s, backing, false);
            String name = prefix + "bench-pressure-" + backing + ".png";
            save(cost, rows(cost.size()), Math.min(cost.size(), PANELS_PER_ROW), dir.resolve(name));
            written.add(name);
            for (String partner : partners) {
                name = prefix + "bench-pressure-overlay-" + partner + "-" + backing + ".png";
                save(List.of(pressureOverlay(s, partner, backing)), 1, 1, dir.resolve(name));
                written.add(name);
            }
            List<XYChart> events = pressurePanels(s, backing, true);
            name = prefix + "bench-pressure-events-" + backing + ".png";
            save(events, rows(events.size()), Math.min(events.size(), PANELS_PER_ROW), dir.resolve(name));
            written.add(name);
        }
        CategoryChart ref = reference(s);
        if (ref != null) {
            save(List.of(ref), 1, 1, dir.resolve(prefix + "bench-reference.png"));
            written.add(prefix + "bench-reference.png");
        }
        return written;
    }

    private static int rows(int panels) {
        return (panels + PANELS_PER_ROW - 1) / PANELS_PER_ROW;
    }

    static CategoryChart lockedVsRetry(BenchSummaryFile s, String backing) {
        boolean net = s.faultCost().stream().allMatch(r -> !r.backing().equals(backing) || r.rearm().known());
        CategoryChart chart = bars("Emulated write fault per page_mkwrite convention, uncontended (" + backing
                + " backing)", "convention   (* retry ends in SIGBUS: no retry path)",
                net ? "ns per store (re-arm subtracted)" : "ns per store (re-arm included)");
        List<String> labels = new ArrayList<>();
        List<FaultCost> rows = new ArrayList<>();
        for (FaultCost r : s.faultCost()) {
            if (r.backing().equals(backing)) {
                rows.add(r);
                labels.add(r.convention() + (r.retryEndsInSigbus() ? "*" : ""));
            }
        }
        addBars(chart, "locked (do_wp_page, handler succeeds)", labels, rows, FaultCost::locked);
        addBars(chart, "refault (page dropped before the store)", labels, rows, FaultCost::refault);
        addBars(chart, "retry (page dropped in the window, fault restarts)", labels, rows, FaultCost::retry);
        return chart;
    }

    /** Retry minus locked per convention, one series per backing; conventions without a retry path are left out. */
    static CategoryChart retryPrice(BenchSummaryFile s) {
        CategoryChart chart = bars("Price of a retry: retry store minus locked store, timed in the same operation",
                "model", "ns per store");
        List<String> labels = new ArrayList<>();
        Set<String> backings = new LinkedHashSet<>();
        for (RetryPrice r : s.retryPrice()) {
            if (!r.retryEndsInSigbus() && !labels.contains(r.convention())) {
                labels.add(r.convention());
            }
            backings.add(r.backing());
        }
        for (String backing : backings) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String c : labels) {
                Estimate e = s.retryPrice().stream().filter(r -> r.convention().equals(c) && r.backing().equals(backing))
                        .map(RetryPrice::retryMinusLocked).findFirst().orElse(Estimate.NONE);
                y.add(e.known() ? e.value() : 0);
                err.add(Double.isFinite(e.error()) ? e.error() : 0);
            }
            chart.addSeries(backing + " backing", labels, y, err);
        }
        return chart;
    }

    /** A bar chart with error bars and the legend below. */
    private static CategoryChart bars(String title, String xAxis, String yAxis) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xAxis)
                .yAxisTitle(yAxis).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        return chart;
    }

    private static void addBars(CategoryChart chart, String name, List<String> labels, List<FaultCost> rows,
            java.util.function.Function<FaultCost, PathCost> path) {
        List<Double> y = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        boolean any = false;
        for (FaultCost r : rows) {
            PathCost p = path.apply(r);
            y.add(p == null ? 0 : Math.max(0, p.net().value()));
            err.add(p == null || !Double.isFinite(p.net().error()) ? 0 : p.net().error());
            any |= p != null;
        }
        if (any) {
            chart.addSeries(name, labels, y, err);
        }
    }

    /**
     * One panel per convention against the measured truncate rate: ns per store attempt and per landed store
     * (log scale, so that the SIGBUS-dominated points do not flatten the rest), or retries and SIGBUS per store.
     */
    static List<XYChart> pressurePanels(BenchSummaryFile s, String backing, boolean events) {
        List<String> conventions = new ArrayList<>();
        Set<String> partners = new LinkedHashSet<>();
        double yMax = 0;
        double yMin = Double.POSITIVE_INFINITY;
        for (Pressure p : s.pressure()) {
            if (p.backing().equals(backing)) {
                if (!conventions.contains(p.convention())) {
                    conventions.add(p.convention());
                }
                partners.add(p.partner());
                for (double v : events ? new double[] {p.retriesPerStore(), p.sigbusPerStore()}
                        : new double[] {p.nsPerStore().value(), p.nsPerLandedStore().value()}) {
                    if (Double.isFinite(v) && v > 0) {
                        yMax = Math.max(yMax, v);
                        yMin = Math.min(yMin, v);
                    }
                }
            }
        }
        List<XYChart> panels = new ArrayList<>();
        for (String c : conventions) {
            XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                    .title(c + (events ? ": retries, SIGBUS" : ": cost per store") + " (" + backing + ")")
                    .xAxisTitle("thousand truncates/s (measured)")
                    .yAxisTitle(events ? "events per store attempt" : "ns (log scale)").build();
            style(chart.getStyler());
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            if (events) {
                chart.getStyler().setYAxisMin(0.0);
                chart.getStyler().setYAxisMax(yMax > 0 ? Math.min(1.0, yMax * 1.1) : 1.0);
            } else if (yMax > 0) {
                chart.getStyler().setYAxisLogarithmic(true);
                chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(yMin))));
                chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(yMax))));
            }
            for (String partner : partners) {
                List<Pressure> pts = points(s, c, partner, backing);
                if (events) {
                    add(chart, "retries/store, " + partner, pts, Pressure::retriesPerStore);
                    add(chart, "SIGBUS/store, " + partner, pts, Pressure::sigbusPerStore);
                } else {
                    pts.removeIf(p -> !(p.nsPerStore().value() > 0 && p.nsPerLandedStore().value() > 0
                            && Double.isFinite(p.nsPerLandedStore().value())));
                    add(chart, "per attempt, " + partner, pts, p -> p.nsPerStore().value());
                    add(chart, "per landed store, " + partner, pts, p -> p.nsPerLandedStore().value());
                }
            }
            panels.add(chart);
        }
        return panels;
    }

    /** Every convention on one chart for one partner, log scale: which convention a truncate rate hurts most. */
    static XYChart pressureOverlay(BenchSummaryFile s, String partner, String backing) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Cost per landed store vs " + partner + " rate, per convention (" + backing + " backing)")
                .xAxisTitle("thousand " + (partner.equals("punch") ? "hole punches" : "truncates") + " per second (measured)")
                .yAxisTitle("ns per landed store (log scale)").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisLogarithmic(true);
        Set<String> conventions = new LinkedHashSet<>();
        s.pressure().forEach(p -> conventions.add(p.convention()));
        for (String c : conventions) {
            List<Pressure> pts = points(s, c, partner, backing);
            pts.removeIf(p -> !(p.nsPerLandedStore().value() > 0 && Double.isFinite(p.nsPerLandedStore().value())));
            add(chart, c, pts, p -> p.nsPerLandedStore().value());
        }
        return chart;
    }

    private static List<Pressure> points(BenchSummaryFile s, String convention, String partner, String backing) {
        List<Pressure> pts = new ArrayList<>();
        for (Pressure p : s.pressure()) {
            if (p.convention().equals(convention) && p.partner().equals(partner) && p.backing().equals(backing)
                    && Double.isFinite(p.truncatesPerSec().value())) {
                pts.add(p);
            }
        }
        pts.sort((a, b) -> Double.compare(a.truncatesPerSec().value(), b.truncatesPerSec().value()));
        return pts;
    }

    /** A line of {@code y} against the truncate rate (thousands per second); nothing if {@code pts} is empty. */
    private static void add(XYChart chart, String name, List<Pressure> pts, ToDoubleFunction<Pressure> y) {
        if (pts.isEmpty()) {
            return;
        }
        double[] x = pts.stream().mapToDouble(p -> p.truncatesPerSec().value() / 1000).toArray();
        double[] ys = pts.stream().mapToDouble(y).map(v -> Double.isFinite(v) ? v : 0).toArray();
        chart.addSeries(name, x, ys).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    /** Reference costs on a log scale; null if the run has none of them. */
    static CategoryChart reference(BenchSummaryFile s) {
        List<String> labels = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (RealFault r : s.kernel().realFault()) {
            addRef(labels, y, "real fault, " + r.method(), r.fault());
        }
        addRef(labels, y, "JNA call", s.kernel().jnaCall());
        addRef(labels, y, "safe store", s.kernel().safeStore());
        for (FaultCost r : s.faultCost()) {
            if (r.backing().equals("model") && r.locked() != null) {
                addRef(labels, y, "emulated " + r.convention(), r.locked().net());
            }
        }
        if (labels.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Real kernel write fault vs emulated locked fault (model backing, re-arm subtracted)")
                .xAxisTitle("operation").yAxisTitle("ns per operation (log scale)").build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisLogarithmic(true);
        /* bars start at the axis minimum, which a log axis needs to be positive: a decade below the least bar */
        double least = y.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least)) - 1));
        chart.getStyler().setXAxisLabelRotation(30);
        chart.addSeries("ns", labels, y);
        return chart;
    }

    private static void addRef(List<String> labels, List<Double> y, String label, Estimate e) {
        if (e.known() && e.value() > 0) {
            labels.add(label);
            y.add(e.value());
        }
    }

    private static void style(Styler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setChartTitleFont(st.getChartTitleFont().deriveFont(15f));
        st.setLegendFont(st.getLegendFont().deriveFont(11f));
        if (st instanceof org.knowm.xchart.style.AxesChartStyler) {
            org.knowm.xchart.style.AxesChartStyler a = (org.knowm.xchart.style.AxesChartStyler) st;
            a.setPlotGridLinesVisible(true);
            a.setAxisTitleFont(a.getAxisTitleFont().deriveFont(12f));
            a.setAxisTickLabelsFont(a.getAxisTickLabelsFont().deriveFont(11f));
        }
    }

    /** Writes {@code charts} as one PNG grid, atomically ({@link AtomicFiles}). */
    private static <T extends Chart<?, ?>> void save(List<T> charts, int rows, int cols, Path file) {
        AtomicFiles.write(file, out -> {
            if (charts.size() == 1) {
                BitmapEncoder.saveBitmap(charts.get(0), out, BitmapEncoder.BitmapFormat.PNG);
            } else {
                BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}

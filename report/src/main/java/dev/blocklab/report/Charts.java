package dev.blocklab.report;

import dev.blocklab.results.Route;
import dev.blocklab.results.Bound;
import dev.blocklab.results.Cell;
import dev.blocklab.results.Cost;
import dev.blocklab.results.Run;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, per scenario: the fast endpoint's p99 against slow concurrency, slow throughput against
 * its Little's-law bound, and where the event loop's time went. With one concurrency (smoke, quick) a line
 * would be a single point, so the first two become bar charts over the variants.
 */
final class Charts {
    /** Okabe and Ito's palette, told apart with any colour vision; each series also has its own marker shape. */
    private static final Map<Variant, Color> COLORS = Map.of(
            Variant.PLATFORM, new Color(0x0072b2), Variant.VIRTUAL, new Color(0x009e73),
            Variant.LOOP_BLOCKING, new Color(0xd55e00), Variant.LOOP_OFFLOAD, new Color(0xe69f00),
            Variant.LOOP_ASYNC, new Color(0xcc79a7));
    private static final Color JMH = new Color(0x4c72b0);
    private static final Color PROBE = new Color(0xdd8452);
    private static final Color BOUND = new Color(0xb0b0b0);
    private static final Color GRID = new Color(0xdddddd);
    private static final Stroke ONE_PX = new BasicStroke(1f);
    private static final Stroke DASHED = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {}

    static List<Chart> of(Run run) {
        List<Chart> charts = new ArrayList<>();
        for (Scenario scenario : run.scenarios()) {
            // A harness-limited cell's figures are the generator's as much as the server's: not drawn.
            List<Cell> cells = run.mixed(scenario).stream().filter(c -> c.status().servers()).toList();
            if (cells.isEmpty()) {
                continue;
            }
            boolean sweep = run.concurrencies(scenario).size() > 1;
            charts.add(sweep ? fastSweep(scenario, cells) : fastBars(scenario, cells));
            charts.add(sweep ? throughputSweep(scenario, cells) : throughputBars(scenario, cells));
            if (sweep) {
                costSweep(scenario, cells).ifPresent(charts::add);
            }
            eventLoop(scenario, cells).ifPresent(charts::add);
        }
        return charts;
    }

    static String fastFile(Scenario s) {
        return "fast-p99-" + s.id() + ".svg";
    }

    static String throughputFile(Scenario s) {
        return "slow-throughput-" + s.id() + ".svg";
    }

    static String costFile(Scenario s) {
        return "server-cost-" + s.id() + ".svg";
    }

    static String eventLoopFile(Scenario s) {
        return "event-loop-" + s.id() + ".svg";
    }

    private static Chart fastBars(Scenario scenario, List<Cell> cells) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double min = Double.MAX_VALUE;
        for (Cell cell : cells) {
            double jmh = cell.fast().map(r -> r.latencyMs().p99()).orElse(Double.NaN);
            double probe = cell.probe().map(p -> p.latencyMs().p99()).orElse(Double.NaN);
            for (double v : new double[] {jmh, probe}) {
                if (v > 0) {
                    min = Math.min(min, v);
                }
            }
            data.addValue(jmh > 0 ? jmh : null, "JMH fast thread (closed loop)", cell.variant().id());
            data.addValue(probe > 0 ? probe : null, "open-loop probe", cell.variant().id());
        }
        LogAxis axis = logAxis("p99 of GET / (ms, log scale)");
        BarRenderer renderer = bars(JMH, PROBE);
        // Bars on a log axis start from a power of ten below the smallest value, not from zero.
        renderer.setBase(Math.pow(10, Math.floor(Math.log10(min == Double.MAX_VALUE ? 1 : min))));
        renderer.setIncludeBaseInRange(true);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("variant"), axis, renderer);
        String title = String.format(Locale.ROOT, "%s: fast endpoint p99 under %d slow requests in flight", scenario.id(), cells.getFirst().slowThreads());
        return new Chart(fastFile(scenario), title, chart(title, plot, true));
    }

    /** The headline: the open-loop probe's p99 of {@code GET /} per variant, one line each, with the stall line. */
    private static Chart fastSweep(Scenario scenario, List<Cell> cells) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Paint> paints = new ArrayList<>();
        List<Stroke> strokes = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            addSeries(data, paints, strokes, variant, variant.id(), ONE_PX, cells, c -> c.probe().map(p -> p.latencyMs().p99()));
        }
        LogAxis y = logAxis("p99 of GET / (ms, log scale)");
        XYPlot plot = new XYPlot(data, threadsAxis(), y, lines(paints, strokes));
        ValueMarker stall = new ValueMarker(FindingsSection.STALL_MS, Color.DARK_GRAY, DASHED);
        stall.setLabel("stalled above " + Fmt.ms(FindingsSection.STALL_MS));
        stall.setLabelFont(LABEL);
        stall.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        stall.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(stall);
        String title = scenario.id() + ": GET / p99 (open-loop probe) against slow requests in flight";
        return new Chart(fastFile(scenario), title, chart(title, plot, true));
    }

    /** What each variant's server spent: CPU milliseconds per completed request (median over forks) against the level. */
    private static Optional<Chart> costSweep(Scenario scenario, List<Cell> cells) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Paint> paints = new ArrayList<>();
        List<Stroke> strokes = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            addSeries(data, paints, strokes, variant, variant.id(), ONE_PX, cells,
                    c -> c.cost().map(Cost::serverCpuMsPerRequest).filter(l -> !l.isEmpty()).map(CostSection::median));
        }
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        XYPlot plot = new XYPlot(data, threadsAxis(), logAxis("server CPU per request (ms, log scale)"), lines(paints, strokes));
        String title = scenario.id() + ": server CPU per completed request against slow requests in flight";
        return Optional.of(new Chart(costFile(scenario), title, chart(title, plot, true)));
    }

    private static Chart throughputBars(Scenario scenario, List<Cell> cells) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Cell cell : cells) {
            data.addValue(cell.slow().map(Route::throughput).orElse(null), "measured", cell.variant().id());
            data.addValue(cell.bound().map(Bound::throughput).orElse(null), "Little's-law bound", cell.variant().id());
        }
        NumberAxis axis = numberAxis("slow route throughput (req/s)");
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("variant"), axis, bars(JMH, BOUND));
        String title = String.format(Locale.ROOT, "%s: slow throughput and its bound, %d slow requests in flight, %d ms delay", scenario.id(),
                cells.getFirst().slowThreads(), cells.getFirst().delayMs());
        return new Chart(throughputFile(scenario), title, chart(title, plot, true));
    }

    private static Chart throughputSweep(Scenario scenario, List<Cell> cells) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Paint> paints = new ArrayList<>();
        List<Stroke> strokes = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            addSeries(data, paints, strokes, variant, variant.id(), ONE_PX, cells, c -> c.slow().map(Route::throughput));
            addSeries(data, paints, strokes, variant, variant.id() + " bound", DASHED, cells, c -> c.bound().map(Bound::throughput));
        }
        XYPlot plot = new XYPlot(data, threadsAxis(), logAxis("slow route throughput (req/s, log scale)"), lines(paints, strokes));
        String title = scenario.id() + ": slow throughput against requests in flight (dashed: Little's-law bound)";
        return new Chart(throughputFile(scenario), title, chart(title, plot, true));
    }

    private static Optional<Chart> eventLoop(Scenario scenario, List<Cell> cells) {
        int threads = cells.stream().filter(c -> c.diagnosis().flatMap(d -> box(d.loopBlockedFraction())).isPresent())
                .mapToInt(Cell::slowThreads).max().orElse(-1);
        if (threads < 0) {
            return Optional.empty();
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Cell cell : cells) {
            if (cell.slowThreads() != threads) {
                continue;
            }
            box(cell.diagnosis().flatMap(d -> box(d.loopBlockedFraction())).orElse(null)).ifPresent(blocked -> {
                data.addValue(100 * blocked, "blocked", cell.variant().id());
                data.addValue(100 * (1 - blocked), "not blocked (running or waiting for events)", cell.variant().id());
            });
        }
        NumberAxis axis = numberAxis("share of the event-loop threads' time in the measured window (%)");
        axis.setRange(0, 100);
        StackedBarRenderer renderer = new StackedBarRenderer();
        styleBars(renderer, new Color(0xd62728), new Color(0xc7e9c0));
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("variant"), axis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        String title = String.format(Locale.ROOT, "%s: where the event-loop time went (JFR, %d slow requests in flight)", scenario.id(), threads);
        return Optional.of(new Chart(eventLoopFile(scenario), title, chart(title, plot, true)));
    }

    private static Optional<Double> box(java.util.OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }

    private static Optional<Double> box(Double value) {
        return Optional.ofNullable(value);
    }

    /** A JVM variant's own colour; a FastAPI variant's is its JVM twin's (the same two axes), darker. */
    private static Color colour(Variant variant) {
        return variant.edition() == Edition.JVM ? COLORS.get(variant) : COLORS.get(variant.counterpartIn(Edition.JVM).orElseThrow()).darker();
    }

    private static void addSeries(XYSeriesCollection data, List<Paint> paints, List<Stroke> strokes, Variant variant, String name,
            Stroke stroke, List<Cell> cells, Function<Cell, Optional<Double>> value) {
        XYSeries series = new XYSeries(name, true, false);
        for (Cell cell : cells) {
            if (cell.variant() == variant) {
                value.apply(cell).filter(v -> v > 0).ifPresent(v -> series.add(cell.slowThreads(), v));
            }
        }
        if (!series.isEmpty()) {
            data.addSeries(series);
            paints.add(colour(variant));
            strokes.add(stroke);
        }
    }

    private static XYLineAndShapeRenderer lines(List<Paint> paints, List<Stroke> strokes) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < paints.size(); i++) {
            renderer.setSeriesPaint(i, paints.get(i));
            renderer.setSeriesStroke(i, strokes.get(i));
        }
        return renderer;
    }

    private static BarRenderer bars(Color first, Color second) {
        BarRenderer renderer = new BarRenderer();
        styleBars(renderer, first, second);
        renderer.setItemMargin(0.05);
        return renderer;
    }

    private static void styleBars(BarRenderer renderer, Color first, Color second) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setSeriesPaint(0, first);
        renderer.setSeriesPaint(1, second);
    }

    private static LogAxis threadsAxis() {
        LogAxis x = new LogAxis("slow requests in flight (log scale)");
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(2));
        x.setNumberFormatOverride(java.text.NumberFormat.getIntegerInstance(Locale.ROOT));
        style(x);
        return x;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setSmallestValue(1e-3);
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per decade
        style(axis);
        return axis;
    }

    private static NumberAxis numberAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
        style(axis);
        return axis;
    }

    private static void style(ValueAxis axis) {
        styleAxis(axis);
    }

    private static void styleAxis(Axis axis) {
        axis.setAxisLineStroke(ONE_PX);
        axis.setTickMarkStroke(ONE_PX);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(LABEL);
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
        if (plot instanceof CategoryPlot category) {
            styleAxis(category.getDomainAxis());
            category.setRangeGridlineStroke(ONE_PX);
            category.setRangeGridlinePaint(GRID);
            category.setBackgroundPaint(Color.WHITE);
            category.setOutlineStroke(ONE_PX);
        } else if (plot instanceof XYPlot xy) {
            xy.setDomainGridlineStroke(ONE_PX);
            xy.setRangeGridlineStroke(ONE_PX);
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setBackgroundPaint(Color.WHITE);
            xy.setOutlineStroke(ONE_PX);
        }
        JFreeChart chart = new JFreeChart(null, null, plot, legend);
        chart.setTitle(new TextTitle(title, TITLE));
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL);
        }
        return chart;
    }
}

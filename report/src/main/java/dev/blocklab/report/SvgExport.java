package dev.blocklab.report;

import java.awt.Rectangle;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a chart as SVG, byte-identical on every run: JFreeSVG's default ids embed {@code System.nanoTime()},
 * so each chart gets a fixed prefix derived from its file name, and coordinates are rounded to 0.01 px.
 */
final class SvgExport {
    static final int WIDTH = 760;
    static final int HEIGHT = 420;

    private SvgExport() {}

    /** The chart's SVG document, the same text for the same chart every time. */
    static String svg(Chart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix("bl-" + chart.file().replaceAll("[^A-Za-z0-9]", "-") + "-");
        g.setGeomDoubleConverter(SvgExport::round);
        g.setTransformDoubleConverter(SvgExport::round);
        chart.chart().draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGDocument() + "\n";
    }

    private static String round(double value) {
        double rounded = Math.round(value * 100) / 100.0;
        if (rounded == Math.rint(rounded)) {
            return Long.toString((long) rounded);
        }
        return Double.toString(rounded);
    }
}

package dev.blocklab.report;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a chart as SVG, byte-identical on every run: JFreeSVG's default ids embed {@code System.nanoTime()},
 * so each chart gets a fixed prefix derived from its file name, and coordinates are rounded to 0.01 px.
 */
final class SvgExport {
    static final int WIDTH = 760;
    static final int HEIGHT = 420;

    private SvgExport() {}

    static void write(Chart chart, Path file) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix("bl-" + chart.file().replaceAll("[^A-Za-z0-9]", "-") + "-");
        g.setGeomDoubleConverter(SvgExport::round);
        g.setTransformDoubleConverter(SvgExport::round);
        chart.chart().draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        try {
            Files.writeString(file, g.getSVGDocument() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String round(double value) {
        double rounded = Math.round(value * 100) / 100.0;
        if (rounded == Math.rint(rounded)) {
            return Long.toString((long) rounded);
        }
        return Double.toString(rounded);
    }
}

package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REPORT.md of the fixture run against a reviewed golden file, and the same bytes on every render. To accept a
 * deliberate change: {@code ./mvnw -pl report test -Dtest=RenderingTest -Dblocklab.updateGolden=true}, then
 * review the diff of {@code REPORT-golden.md}.
 */
class RenderingTest {
    private static final Path GOLDEN = Path.of("src/test/resources/dev/blocklab/report/REPORT-golden.md");

    @TempDir
    Path dir;

    @Test
    void fixtureRendersAsTheGoldenFile() throws IOException {
        Path run = Fixtures.copy(dir);
        ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        String actual = Files.readString(dir.resolve("REPORT.md"));
        if (Boolean.getBoolean("blocklab.updateGolden")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN), actual);
    }

    @Test
    void renderingTwiceWritesTheSameBytesChartsIncluded() throws IOException {
        Path run = Fixtures.copy(dir);
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        ReportRenderer.Rendered a = ReportRenderer.render(run, Optional.empty(), first.resolve("REPORT.md"));
        ReportRenderer.render(run, Optional.empty(), second.resolve("REPORT.md"));
        ReportRenderer.render(run, Optional.empty(), second.resolve("REPORT.md"));
        assertEquals(3, a.charts().size(), "fast p99, slow throughput, event loop");
        List<Path> files = files(first);
        assertEquals(files.stream().map(first::relativize).toList(), files(second).stream().map(second::relativize).toList());
        for (Path file : files) {
            assertEquals(-1L, Files.mismatch(file, second.resolve(first.relativize(file).toString())), file.toString());
        }
    }

    @Test
    void chartsAreLinkedRelativelyAndAreSvgWithText() throws IOException {
        Path run = Fixtures.copy(dir);
        ReportRenderer.Rendered rendered = ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        String report = Files.readString(rendered.report());
        for (Path chart : rendered.charts()) {
            assertTrue(report.contains("](report-charts/" + chart.getFileName() + ")"), chart.toString());
            String svg = Files.readString(chart);
            assertTrue(svg.contains("<svg") && svg.contains("<text"), chart.toString());
            assertFalse(svg.contains("stroke-width='0.5'"), "1 px strokes only: " + chart);
        }
        assertTrue(report.contains("](results/" + Fixtures.RUN_ID + "/manifest.json)"));
    }

    @Test
    void everyTableIsAWellFormedGfmTable() throws IOException {
        Path run = Fixtures.copy(dir);
        ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        Node document = parser.parse(Files.readString(dir.resolve("REPORT.md")));
        List<Integer> widths = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(CustomBlock block) {
                if (block instanceof TableBlock table) {
                    List<Integer> rowWidths = new ArrayList<>();
                    collectRows(table, rowWidths);
                    assertTrue(rowWidths.size() >= 2, "a header and at least one row");
                    assertEquals(1, rowWidths.stream().distinct().count(), "every row as wide as the header: " + rowWidths);
                    widths.add(rowWidths.getFirst());
                }
                super.visit(block);
            }
        });
        // verdict, lesson, http matrix, http diagnosis, environment, raw files (no cost table: the fixture predates it)
        assertEquals(List.of(7, 5, 16, 11, 2, 3), widths);
    }

    private static void collectRows(Node node, List<Integer> widths) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof TableRow) {
                int cells = 0;
                for (Node cell = child.getFirstChild(); cell != null; cell = cell.getNext()) {
                    cells += cell instanceof TableCell ? 1 : 0;
                }
                widths.add(cells);
            } else {
                collectRows(child, widths);
            }
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}

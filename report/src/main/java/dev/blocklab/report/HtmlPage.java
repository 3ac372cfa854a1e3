package dev.blocklab.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The report as one self-contained HTML page, for publishing where Markdown is not rendered: the same Markdown through
 * commonmark (GitHub's tables), each chart inlined as a data URI so that the page needs no folder beside it.
 */
final class HtmlPage {
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;line-height:1.45}"
            + "table{border-collapse:collapse;font-size:.85em;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em}"
            + "td{vertical-align:top}img{max-width:100%}code{font-size:.95em}summary{cursor:pointer;font-weight:bold}";

    private HtmlPage() {}

    /** {@code svgByLink}: each chart's SVG text by the link the Markdown uses for it (e.g. {@code report-charts/x.svg}). */
    static String render(String title, String markdown, Map<String, String> svgByLink) {
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS)
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if (node instanceof Image && svgByLink.containsKey(attributes.get("src"))) {
                        attributes.put("src", "data:image/svg+xml;base64," + Base64.getEncoder()
                                .encodeToString(svgByLink.get(attributes.get("src")).getBytes(StandardCharsets.UTF_8)));
                    }
                }).build();
        String body = renderer.render(Parser.builder().extensions(EXTENSIONS).build().parse(markdown));
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n<style>" + STYLE
                + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

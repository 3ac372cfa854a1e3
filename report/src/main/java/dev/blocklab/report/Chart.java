package dev.blocklab.report;

import org.jfree.chart.JFreeChart;

/** One chart of the report: its file name in the charts folder, the alt text, and what to draw. */
record Chart(String file, String alt, JFreeChart chart) {}

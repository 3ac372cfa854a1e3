package dev.blocklab.results;

/** When one fork measured: the span its figures cover, for lining them up with recordings and process samples. */
public record Window(String start, String end, double measuredSeconds) {}

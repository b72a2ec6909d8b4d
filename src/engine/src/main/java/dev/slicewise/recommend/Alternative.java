package dev.slicewise.recommend;

/** A strategy that was computed but not chosen, and why. */
public record Alternative(String strategy, int nodes, int gpus, double monthlySavings, String whyNot) {}

package dev.slicewise.recommend;

/** Nodes and physical GPUs of a pool. */
public record Footprint(int nodes, int gpus) {}

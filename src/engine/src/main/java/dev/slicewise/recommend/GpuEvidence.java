package dev.slicewise.recommend;

import dev.slicewise.detect.Verdict;

/** The verdict of one GPU, for the report. */
public record GpuEvidence(String node, String device, Verdict verdict) {}

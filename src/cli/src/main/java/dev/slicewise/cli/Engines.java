package dev.slicewise.cli;

import dev.slicewise.engine.Analyzer;
import dev.slicewise.engine.DefaultAnalyzer;

/** The one place the CLI wires the real engine (bundled catalog, MIG packer, latency model, bundled price table). */
public final class Engines {
    private Engines() {}

    public static Analyzer defaultAnalyzer() {
        return DefaultAnalyzer.bundled();
    }
}

package dev.slicewise.cli;

import dev.slicewise.engine.Analyzer;
import dev.slicewise.engine.DefaultAnalyzer;
import dev.slicewise.pricing.PriceBook;

/** The one place the CLI wires the real engine (bundled catalog, MIG packer, latency model, bundled price table). */
public final class Engines {
    private Engines() {}

    public static Analyzer defaultAnalyzer() {
        return DefaultAnalyzer.bundled();
    }

    /** The same engine pricing from {@code prices} (the Price List API with the bundled table as fallback). */
    public static Analyzer pricedAnalyzer(PriceBook prices) {
        return DefaultAnalyzer.bundled(prices);
    }
}

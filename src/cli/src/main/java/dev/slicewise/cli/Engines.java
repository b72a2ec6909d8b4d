package dev.slicewise.cli;

import dev.slicewise.engine.Analyzer;

/**
 * The one place the CLI wires the real engine. Until DefaultAnalyzer (with BundledCatalog, MigPacker, the latency
 * model and the bundled price table) is on main this says so instead of pretending: `slicewise demo` then exits 1
 * with this message. Complete {@link #defaultAnalyzer()} at merge time; nothing else in the CLI changes.
 *
 * <p>With h/core and h/mig as of 2026-11-25 this wiring ran the demo end to end (checked in a scratch merge):
 * {@code var catalog = BundledCatalog.get(); return new DefaultAnalyzer(catalog, new MigBinPacker(),
 * new TimeSlicingLatencyModel(), new BundledPriceBook(catalog));}
 */
public final class Engines {
    private Engines() {}

    public static Analyzer defaultAnalyzer() {
        throw new UnsupportedOperationException("the analysis engine is not wired into this build yet: "
                + "dev.slicewise.cli.Engines.defaultAnalyzer() must construct DefaultAnalyzer (BundledCatalog, MigPacker, "
                + "LatencyModel, bundled price table) once those classes are on main");
    }
}

package dev.slicewise.pricing;

import java.util.Optional;

/** Port: hourly on-demand Linux prices. Adapters: AWS Price List API with the bundled table as fallback. */
public interface PriceBook {
    /** The on-demand hourly price of {@code instanceType} in {@code region}, or empty when no source knows it. */
    Optional<Price> onDemandHourly(String instanceType, String region);
}

package dev.slicewise.pricing;

import dev.slicewise.catalog.Catalog;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Prices from the table bundled with the catalog: us-east-1 on-demand Linux list prices of one date. Other regions
 * get the same us-east-1 price, and the source says so (regional prices differ, typically by a few to 30 %); the
 * Pricing API adapter gives regional prices where it is reachable.
 */
public final class BundledPriceBook implements PriceBook {
    /** Date of the bundled table (Karpenter's generated us-east-1 price list, see instance-types.csv). */
    public static final LocalDate TABLE_DATE = LocalDate.of(2026, 7, 20);
    public static final String TABLE_REGION = "us-east-1";

    private final Catalog catalog;
    private final LocalDate tableDate;

    public BundledPriceBook(Catalog catalog) {
        this(catalog, TABLE_DATE);
    }

    public BundledPriceBook(Catalog catalog, LocalDate tableDate) {
        this.catalog = catalog;
        this.tableDate = tableDate;
    }

    @Override
    public Optional<Price> onDemandHourly(String instanceType, String region) {
        return catalog.instanceType(instanceType)
                .filter(t -> t.onDemandUsdPerHour() != null)
                .map(t -> new Price(t.onDemandUsdPerHour(), source(region)));
    }

    private PriceSource source(String region) {
        String base = "bundled " + TABLE_REGION + " on-demand Linux list price of " + tableDate;
        if (region == null || region.isBlank() || region.equals(TABLE_REGION)) {
            return new PriceSource(PriceSource.Kind.BUNDLED_TABLE, base);
        }
        return new PriceSource(PriceSource.Kind.BUNDLED_TABLE, base + ", used for " + region
                + " because no " + region + " price is bundled (regional prices differ)");
    }
}

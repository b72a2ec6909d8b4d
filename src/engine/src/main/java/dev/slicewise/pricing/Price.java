package dev.slicewise.pricing;

/** An hourly instance price in USD and its source. */
public record Price(double usdPerHour, PriceSource source) {
    public Price {
        if (!(usdPerHour >= 0) || Double.isInfinite(usdPerHour)) throw new IllegalArgumentException("bad price " + usdPerHour);
    }
}

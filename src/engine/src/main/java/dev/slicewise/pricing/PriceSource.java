package dev.slicewise.pricing;

/** Where an hourly price came from; always shown next to the savings. */
public record PriceSource(Kind kind, String detail) {
    public enum Kind {
        /** AWS Price List Query API (pricing:GetProducts), at run time */
        PRICING_API,
        /** the table bundled with Slicewise (us-east-1 list prices of a known date) */
        BUNDLED_TABLE,
        /** given by the user (e.g. a negotiated rate, or the seeds' $0.752/h) */
        OVERRIDE,
        /** EC2 spot price history */
        SPOT_HISTORY
    }
}

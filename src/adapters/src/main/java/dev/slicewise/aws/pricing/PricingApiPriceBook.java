package dev.slicewise.aws.pricing;

import dev.slicewise.aws.AwsErrors;
import dev.slicewise.collect.CollectionNote;
import dev.slicewise.pricing.Price;
import dev.slicewise.pricing.PriceBook;
import dev.slicewise.pricing.PriceSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * On-demand Linux prices from the AWS Price List Query API ({@code pricing:GetProducts}), with a fallback.
 *
 * <p>Filters pin exactly one product: ServiceCode AmazonEC2, instanceType, regionCode, operatingSystem Linux, tenancy
 * Shared, preInstalledSw NA, capacitystatus Used (without the last two, SQL Server variants and capacity-reservation
 * lines come back too). Answers — including "not listed" — are cached for the life of this object (one run): prices
 * change rarely and the API allows few requests per second.
 *
 * <p>When the API cannot answer (no permission, throttled past the retries, unreachable, the type not listed for the
 * region) the fallback book answers, and the {@link PriceSource} of the price says so, with the reason. Every such
 * event is also kept in {@link #notes()}.
 */
public final class PricingApiPriceBook implements PriceBook {
    private final PricingClient pricing;
    private final PriceBook fallback;
    private final Map<String, Optional<Price>> cache = new ConcurrentHashMap<>();
    private final List<CollectionNote> notes = new ArrayList<>();
    private final LocalDate today;
    private volatile String unavailable; // set once the API failed for a reason that will not go away in this run

    /**
     * @param fallback answers when the API cannot (e.g. the bundled table); its own PriceSource is kept
     * @param today    the date shown with API prices ("Price List API, 2026-11-25")
     */
    public PricingApiPriceBook(PricingClient pricing, PriceBook fallback, LocalDate today) {
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.today = Objects.requireNonNull(today, "today");
    }

    @Override
    public Optional<Price> onDemandHourly(String instanceType, String region) {
        return cache.computeIfAbsent(instanceType + "@" + region, k -> lookup(instanceType, region));
    }

    /** What went wrong with the API in this run (empty when every price came from it). */
    public synchronized List<CollectionNote> notes() {
        return List.copyOf(notes);
    }

    private Optional<Price> lookup(String instanceType, String region) {
        if (unavailable != null) return fallback(instanceType, region, unavailable);
        List<PriceListParser.Offer> offers = new ArrayList<>();
        try {
            String token = null;
            do {
                GetProductsResponse r = pricing.getProducts(request(instanceType, region, token));
                for (String item : r.priceList()) offers.addAll(PriceListParser.parse(item));
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            String reason;
            if (AwsErrors.accessDenied(e)) {
                reason = "Price List API denied (" + AwsErrors.describe(e) + "; the role needs pricing:GetProducts)";
                unavailable = reason;
            } else if (AwsErrors.throttled(e)) {
                reason = "Price List API throttled past the SDK's retries (" + AwsErrors.describe(e) + ")";
            } else {
                reason = "Price List API unavailable (" + AwsErrors.describe(e) + ")";
                unavailable = reason; // unreachable endpoint: do not wait on every instance type again
            }
            return fallback(instanceType, region, reason);
        } catch (java.io.UncheckedIOException e) {
            return fallback(instanceType, region, "Price List API answer unreadable (" + e.getMessage() + ")");
        }
        // GetProducts filters are exact matches; keep only what matches, and the OnDemand market when it is stated
        List<PriceListParser.Offer> matching = offers.stream()
                .filter(o -> instanceType.equals(o.instanceType()) && (o.regionCode() == null || region.equals(o.regionCode())))
                .filter(o -> o.marketOption() == null || o.marketOption().equals("OnDemand"))
                .toList();
        if (matching.isEmpty()) {
            return fallback(instanceType, region, "Price List API lists no on-demand Linux price for " + instanceType
                    + " in " + region);
        }
        TreeSet<java.math.BigDecimal> distinct = new TreeSet<>();
        matching.forEach(o -> distinct.add(o.usdPerHour().stripTrailingZeros()));
        if (distinct.size() > 1) {
            note(CollectionNote.warn("price " + instanceType + " " + region, "Price List API returned " + distinct.size()
                    + " different on-demand prices " + distinct + "; using the highest so savings are not overstated"));
        }
        double usd = distinct.last().doubleValue();
        return Optional.of(new Price(usd, new PriceSource(PriceSource.Kind.PRICING_API,
                "AWS Price List API (pricing:GetProducts), on-demand Linux shared tenancy, " + region + ", read " + today)));
    }

    private Optional<Price> fallback(String instanceType, String region, String reason) {
        Optional<Price> p = fallback.onDemandHourly(instanceType, region);
        note(CollectionNote.warn("price " + instanceType + " " + region, reason + (p.isPresent()
                ? "; using " + p.get().source().kind() + " (" + p.get().source().detail() + ")"
                : "; the fallback price book does not know it either")));
        return p.map(price -> new Price(price.usdPerHour(), new PriceSource(price.source().kind(),
                price.source().detail() + " — fallback: " + reason)));
    }

    private synchronized void note(CollectionNote n) {
        notes.add(n);
    }

    private static GetProductsRequest request(String instanceType, String region, String token) {
        return GetProductsRequest.builder()
                .serviceCode("AmazonEC2")
                .formatVersion("aws_v1")
                .maxResults(100)
                .nextToken(token)
                .filters(term("instanceType", instanceType), term("regionCode", region), term("operatingSystem", "Linux"),
                        term("tenancy", "Shared"), term("preInstalledSw", "NA"), term("capacitystatus", "Used"))
                .build();
    }

    private static Filter term(String field, String value) {
        return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
    }
}

package dev.slicewise.aws.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the on-demand hourly USD price out of GetProducts' {@code PriceList} items (each a JSON document in a string).
 * SKU, offer-term and rate codes are never hard-coded: every {@code terms.OnDemand.*.priceDimensions.*} whose
 * {@code unit} is {@code Hrs} is read (AWS Price List API, "Using the Query API"; aws.md §2).
 */
final class PriceListParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PriceListParser() {}

    /** One product's on-demand hourly price and the attributes that tell products apart. */
    record Offer(String sku, String instanceType, String regionCode, String marketOption, String usageType,
                 BigDecimal usdPerHour, String description) {}

    static List<Offer> parse(String priceListItem) {
        JsonNode root;
        try {
            root = JSON.readTree(priceListItem);
        } catch (IOException e) {
            throw new UncheckedIOException("Price List item is not JSON: " + abbreviate(priceListItem), e);
        }
        JsonNode attrs = root.path("product").path("attributes");
        List<Offer> out = new ArrayList<>();
        for (Iterator<JsonNode> terms = root.path("terms").path("OnDemand").elements(); terms.hasNext(); ) {
            for (Iterator<JsonNode> dims = terms.next().path("priceDimensions").elements(); dims.hasNext(); ) {
                JsonNode d = dims.next();
                if (!"Hrs".equals(d.path("unit").asText())) continue;
                String usd = d.path("pricePerUnit").path("USD").asText(null);
                if (usd == null) continue;
                out.add(new Offer(root.path("product").path("sku").asText(null), attrs.path("instanceType").asText(null),
                        attrs.path("regionCode").asText(null), attrs.path("marketoption").asText(null),
                        attrs.path("usagetype").asText(null), new BigDecimal(usd), d.path("description").asText(null)));
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}

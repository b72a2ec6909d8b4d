package dev.slicewise.aws.pricing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.slicewise.aws.AwsClients;
import dev.slicewise.pricing.Price;
import dev.slicewise.pricing.PriceBook;
import dev.slicewise.pricing.PriceSource;
import dev.slicewise.testkit.Resources;
import dev.slicewise.testkit.TestAws;
import java.net.ServerSocket;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.pricing.PricingClient;

/** The Price List price book against recorded GetProducts answers served over HTTP by WireMock (moto has no Pricing). */
class PricingApiPriceBookIT {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-25");
    private static final String TARGET = "AWSPriceListService.GetProducts";
    /** Stands in for the bundled table: knows every type at a recognisable price. */
    private static final PriceBook BUNDLED = (type, region) -> type.equals("x9.unknown") ? Optional.empty()
            : Optional.of(new Price(0.999, new PriceSource(PriceSource.Kind.BUNDLED_TABLE, "us-east-1 list prices of 2026-07-20")));

    private static WireMockServer wiremock;

    @BeforeAll
    static void start() {
        wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
    }

    @AfterAll
    static void stop() {
        wiremock.stop();
    }

    @BeforeEach
    void reset() {
        wiremock.resetAll();
    }

    private static MappingBuilder getProducts(String instanceType) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.ServiceCode", equalTo("AmazonEC2")))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'instanceType' && @.Value == '" + instanceType + "')]"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(Resources.text("dev/slicewise/aws/pricing/" + fixture));
    }

    private static PricingClient client(URI endpoint, int attempts) {
        return AwsClients.pricing(TestAws.at(endpoint, attempts), List.of());
    }

    @Test
    void theOnDemandPriceComesFromTheApiOnceAndIsSaidToComeFromThere() {
        wiremock.stubFor(getProducts("g5.xlarge")
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'regionCode' && @.Value == 'us-east-1')]"))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'operatingSystem' && @.Value == 'Linux')]"))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'tenancy' && @.Value == 'Shared')]"))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'preInstalledSw' && @.Value == 'NA')]"))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'capacitystatus' && @.Value == 'Used')]"))
                .willReturn(json(200, "get-products-g5.xlarge-us-east-1.json")));
        try (PricingClient pricing = client(URI.create(wiremock.baseUrl()), 3)) {
            PricingApiPriceBook book = new PricingApiPriceBook(pricing, BUNDLED, TODAY);

            Price p = book.onDemandHourly("g5.xlarge", "us-east-1").orElseThrow();
            assertThat(p.usdPerHour()).isEqualTo(1.006); // not the Reserved term's 0.639 in the same document
            assertThat(p.source().kind()).isEqualTo(PriceSource.Kind.PRICING_API);
            assertThat(p.source().detail()).isEqualTo("AWS Price List API (pricing:GetProducts), on-demand Linux shared"
                    + " tenancy, us-east-1, read 2026-11-25");

            assertThat(book.onDemandHourly("g5.xlarge", "us-east-1")).contains(p); // cached for the run
            wiremock.verify(1, postRequestedFor(urlEqualTo("/")));
            assertThat(book.notes()).isEmpty();
        }
    }

    @Test
    void pagesAreFollowedAndAnotherMarketsLineIsNotTakenForTheOnDemandPrice() {
        wiremock.stubFor(getProducts("p5.48xlarge").withRequestBody(matchingJsonPath("$[?(!@.NextToken)]"))
                .willReturn(json(200, "get-products-p5.48xlarge-us-east-1-page1.json")));
        wiremock.stubFor(getProducts("p5.48xlarge").withRequestBody(matchingJsonPath("$.NextToken"))
                .willReturn(json(200, "get-products-p5.48xlarge-us-east-1-page2.json")));
        try (PricingClient pricing = client(URI.create(wiremock.baseUrl()), 3)) {
            Price p = new PricingApiPriceBook(pricing, BUNDLED, TODAY).onDemandHourly("p5.48xlarge", "us-east-1").orElseThrow();
            assertThat(p.usdPerHour()).isEqualTo(55.04); // page 2's OnDemand product, not page 1's Capacity Block 31.464
            wiremock.verify(2, postRequestedFor(urlEqualTo("/")));
        }
    }

    @Test
    void aTypeTheApiDoesNotListFallsBackAndTheSourceSaysWhy() {
        wiremock.stubFor(getProducts("g4dn.xlarge").willReturn(json(200, "get-products-empty.json")));
        try (PricingClient pricing = client(URI.create(wiremock.baseUrl()), 3)) {
            PricingApiPriceBook book = new PricingApiPriceBook(pricing, BUNDLED, TODAY);
            Price p = book.onDemandHourly("g4dn.xlarge", "ap-southeast-7").orElseThrow();
            assertThat(p.usdPerHour()).isEqualTo(0.999);
            assertThat(p.source().kind()).isEqualTo(PriceSource.Kind.BUNDLED_TABLE);
            assertThat(p.source().detail()).isEqualTo("us-east-1 list prices of 2026-07-20 — fallback: Price List API lists"
                    + " no on-demand Linux price for g4dn.xlarge in ap-southeast-7");
            assertThat(book.notes()).singleElement().satisfies(n -> assertThat(n.item()).isEqualTo("price g4dn.xlarge ap-southeast-7"));
        }
    }

    @Test
    void deniedPricingFallsBackOnceForTheRunAndNamesThePermission() {
        wiremock.stubFor(post(urlEqualTo("/")).willReturn(json(400, "access-denied.json")));
        try (PricingClient pricing = client(URI.create(wiremock.baseUrl()), 3)) {
            PricingApiPriceBook book = new PricingApiPriceBook(pricing, BUNDLED, TODAY);
            Price g5 = book.onDemandHourly("g5.xlarge", "us-east-1").orElseThrow();
            Price p5 = book.onDemandHourly("p5.48xlarge", "us-east-1").orElseThrow();

            assertThat(g5.source().kind()).isEqualTo(PriceSource.Kind.BUNDLED_TABLE);
            assertThat(g5.source().detail()).contains("fallback: Price List API denied (AccessDeniedException (HTTP 400)")
                    .contains("the role needs pricing:GetProducts");
            assertThat(p5.source().kind()).isEqualTo(PriceSource.Kind.BUNDLED_TABLE);
            wiremock.verify(1, postRequestedFor(urlEqualTo("/"))); // not asked again after a denial
            assertThat(book.onDemandHourly("x9.unknown", "us-east-1")).isEmpty();
            assertThat(book.notes()).hasSize(3).last().satisfies(n -> assertThat(n.message()).endsWith("the fallback price book does not know it either"));
        }
    }

    @Test
    void throttlingIsRetriedByTheSdk() {
        wiremock.stubFor(getProducts("g5.xlarge").inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(400, "throttling.json")).willSetStateTo("again"));
        wiremock.stubFor(getProducts("g5.xlarge").inScenario("t").whenScenarioStateIs("again")
                .willReturn(json(200, "get-products-g5.xlarge-us-east-1.json")));
        try (PricingClient pricing = client(URI.create(wiremock.baseUrl()), 3)) {
            Price p = new PricingApiPriceBook(pricing, BUNDLED, TODAY).onDemandHourly("g5.xlarge", "us-east-1").orElseThrow();
            assertThat(p.source().kind()).isEqualTo(PriceSource.Kind.PRICING_API);
            wiremock.verify(2, postRequestedFor(urlEqualTo("/")));
        }
    }

    @Test
    void anUnreachableEndpointFallsBackAndSaysSo() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (PricingClient pricing = client(URI.create("http://127.0.0.1:" + closed), 1)) {
            Price p = new PricingApiPriceBook(pricing, BUNDLED, TODAY).onDemandHourly("g5.xlarge", "us-east-1").orElseThrow();
            assertThat(p.source().kind()).isEqualTo(PriceSource.Kind.BUNDLED_TABLE);
            assertThat(p.source().detail()).contains("fallback: Price List API unavailable");
        }
    }
}

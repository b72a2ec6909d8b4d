package dev.slicewise.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.fixtures.TestCatalog;
import org.junit.jupiter.api.Test;

class BundledPriceBookTest {
    final BundledPriceBook book = new BundledPriceBook(new TestCatalog());

    @Test
    void usEast1ListPriceWithTheTablesDate() {
        Price p = book.onDemandHourly("g4dn.2xlarge", "us-east-1").orElseThrow();
        assertThat(p.usdPerHour()).isEqualTo(0.752);
        assertThat(p.source().kind()).isEqualTo(PriceSource.Kind.BUNDLED_TABLE);
        assertThat(p.source().detail()).isEqualTo("bundled us-east-1 on-demand Linux list price of 2026-07-20");
    }

    @Test
    void otherRegionsGetTheUsEast1PriceAndTheSourceSaysSo() {
        Price p = book.onDemandHourly("p5.48xlarge", "eu-west-1").orElseThrow();
        assertThat(p.usdPerHour()).isEqualTo(55.04);
        assertThat(p.source().detail()).contains("us-east-1").contains("used for eu-west-1").contains("no eu-west-1 price is bundled");
    }

    @Test
    void noPriceWhenTheTableHasNone() {
        assertThat(book.onDemandHourly("p5e.48xlarge", "us-east-1")).isEmpty(); // sold through Capacity Blocks
        assertThat(book.onDemandHourly("x9.nope", "us-east-1")).isEmpty();
    }
}

package dev.slicewise.aws.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.testkit.Resources;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceListParserTest {

    @Test
    void readsTheOnDemandHourlyPriceWithoutKnowingTheCodes() throws Exception {
        String item = new ObjectMapper().readTree(Resources.text("dev/slicewise/aws/pricing/get-products-g5.xlarge-us-east-1.json"))
                .path("PriceList").get(0).asText();
        var offers = PriceListParser.parse(item);
        assertThat(offers).singleElement().satisfies(o -> {
            assertThat(o.usdPerHour()).isEqualByComparingTo(new BigDecimal("1.006"));
            assertThat(o.instanceType()).isEqualTo("g5.xlarge");
            assertThat(o.regionCode()).isEqualTo("us-east-1");
            assertThat(o.marketOption()).isEqualTo("OnDemand");
            assertThat(o.description()).isEqualTo("$1.006 per On Demand Linux g5.xlarge Instance Hour");
        });
    }

    @Test
    void aBrokenItemIsNamed() {
        assertThatThrownBy(() -> PriceListParser.parse("{not json")).hasMessageContaining("Price List item is not JSON: {not json");
    }
}

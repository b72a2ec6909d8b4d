package dev.slicewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The seeds' example as a user runs it from the README: examples/seeds-4x-g4dn.snapshot.json holds four
 * g4dn.2xlarge, one inference pod each at 25 % GPU utilization and 2 GiB.
 */
class SeedsExampleTest {
    static final String SNAPSHOT = "../../examples/seeds-4x-g4dn.snapshot.json";

    @Test
    void withTheSeedsAssumptionsOneNodeIsLeftAndTheMonthlyBillDropsFrom2165To541() {
        CliTest.Run r = CliTest.run(Engines::defaultAnalyzer, "analyze", "--snapshot", SNAPSHOT,
                "--target-util", "100", "--mem-headroom", "0", "--hours-per-month", "720", "--price-override", "0.752");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.SAVINGS);
        // 4 x 0.752 x 720 = 2,165.76 ; 1 x 0.752 x 720 = 541.44
        assertThat(r.out()).containsPattern("inference +g4dn\\.2xlarge +time-slicing +4 replicas per GPU on 1 GPU +4 -> 1 +\\$2,165\\.76 -> \\$541\\.44 +\\$1,624\\.32");
    }

    @Test
    void withTheDefaultHeadroomTwoNodesStayAndTheReportSaysWhy() {
        CliTest.Run r = CliTest.run(Engines::defaultAnalyzer, "analyze", "--snapshot", SNAPSHOT);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.SAVINGS);
        // 730 h and the bundled $0.752/h: 4 -> 2 nodes, $2,195.84 -> $1,097.92
        assertThat(r.out()).containsPattern("4 -> 2 +\\$2,195\\.84 -> \\$1,097\\.92")
                .contains("four tenants at 25 % saturate one GPU at the 70 % target");
    }
}

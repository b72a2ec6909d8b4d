package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against the GPU Operator's real default mig-parted config (data/k8s/default-mig-parted-config.yaml). */
class MigPartedConfigsTest {
    private static final List<String> H100 = List.of("0x233010DE");
    private static final List<String> A100_40GB = List.of("0x20B010DE");
    private static final List<String> H200 = List.of("0x233510DE");

    private static String stockConfig() throws Exception {
        JsonNode cm = MigPartedConfigs.YAML.readTree(Files.readString(CrdSchemas.dataDir().resolve("default-mig-parted-config.yaml")));
        return cm.path("data").path("config.yaml").asText();
    }

    @Test
    void theSameConfigNameGivesEachGpuModelItsOwnLayout() throws Exception {
        List<String> problems = new ArrayList<>();
        MigPartedConfigs.Document doc = MigPartedConfigs.parse(stockConfig(), problems);

        assertThat(problems).isEmpty();
        assertThat(doc.layout("all-balanced", 0, H100)).contains(Map.of("1g.10gb", 2, "2g.20gb", 1, "3g.40gb", 1));
        assertThat(doc.layout("all-balanced", 0, A100_40GB)).contains(Map.of("1g.5gb", 2, "2g.10gb", 1, "3g.20gb", 1));
        assertThat(doc.layout("all-balanced", 5, H200)).contains(Map.of("1g.18gb", 2, "2g.35gb", 1, "3g.71gb", 1));
        // all-1g.10gb: seven 1-slice instances on an H100
        assertThat(doc.layout("all-1g.10gb", 0, H100)).contains(Map.of("1g.10gb", 7));
        assertThat(doc.layout("all-disabled", 3, H100)).contains(Map.of());
        assertThat(doc.migEnabled("all-enabled", 0, H100)).isTrue();
        // a GPU no entry matches is left untouched by mig-parted
        assertThat(doc.layout("all-balanced", 0, List.of("0x1EB810DE"))).isEmpty();
    }

    @Test
    void rejectsUnknownKeysLikeMigPartedDoes() {
        List<String> problems = new ArrayList<>();
        String yaml = "version: v1\nmig-configs:\n  x:\n    - devices: all\n      mig-enabled: true\n      mig-device: {\"1g.10gb\": 7}\n";

        assertThat(MigPartedConfigs.parse(yaml, problems)).isNull();
        assertThat(problems).containsExactly("mig config 'x': unexpected field 'mig-device'");
    }

    @Test
    void addingAConfigKeepsEveryOtherConfigAndQuotesDeviceFilters() throws Exception {
        String stock = stockConfig();
        JsonNode entries = MigPartedConfigs.customEntries("custom",
                "- device-filter: [\"0x233010DE\"]\n  devices: all\n  mig-enabled: true\n  mig-devices: {\"3g.40gb\": 1, \"1g.10gb\": 4}\n",
                new ArrayList<>());

        String extended = MigPartedConfigs.withConfig(stock, "custom", entries);

        JsonNode before = MigPartedConfigs.YAML.readTree(stock).path("mig-configs");
        JsonNode after = MigPartedConfigs.YAML.readTree(extended).path("mig-configs");
        before.fields().forEachRemaining(e -> assertThat(MigPartedConfigs.canonical(after.get(e.getKey())))
                .isEqualTo(MigPartedConfigs.canonical(e.getValue())));
        // unquoted, 0x233010DE would read back as a hex integer and match no GPU
        assertThat(extended).contains("\"0x233010DE\"");
        assertThat(MigPartedConfigs.parse(extended, new ArrayList<>()).layout("custom", 7, H100)).contains(Map.of("3g.40gb", 1, "1g.10gb", 4));
    }

    @Test
    void aCustomFileMustHoldExactlyTheNamedConfig() {
        List<String> problems = new ArrayList<>();
        String two = "version: v1\nmig-configs:\n  a:\n    - devices: all\n      mig-enabled: false\n  b:\n    - devices: all\n      mig-enabled: false\n";

        assertThat(MigPartedConfigs.customEntries("a", two, problems)).isNull();
        assertThat(problems).containsExactly("custom mig config file must hold exactly the config 'a', it holds [a, b]");
    }
}

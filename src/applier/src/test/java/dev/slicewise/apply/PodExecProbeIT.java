package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.apply.MountedConfigProbe.Component;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real mount probe: finds the component's pod on the node and reads the mounted file through the exec API. */
class PodExecProbeIT {
    private static final String TS4 = DevicePluginConfigs.render(Plans.ts4());
    private TestCluster cluster;
    private PodExecMountedConfigProbe probe;

    @BeforeEach
    void setUp() {
        cluster = new TestCluster(true).load("cluster/gpu-operator.yaml").load("probe/operator-pods.yaml");
        probe = PodExecMountedConfigProbe.forTarget(cluster.applierClient, ApplierFixture.OPERATOR);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    static String execPath(String pod, String container, String file) {
        return "/api/v1/namespaces/gpu-operator/pods/" + pod + "/exec?command=cat&command="
                + URLEncoder.encode(file, StandardCharsets.UTF_8) + "&container=" + container + "&stdout=true";
    }

    static void expectCat(TestCluster cluster, String pod, String container, String file, String output, int exit) {
        cluster.server().expect().withPath(execPath(pod, container, file)).andUpgradeToWebSocket()
                .open(new OutputStreamMessage(output), new StatusStreamMessage(exit)).done().once();
    }

    @Test
    void readsTheMountedConfigInTheConfigManagerContainerOfThePodOnThatNode() {
        expectCat(cluster, "nvidia-device-plugin-daemonset-x7k2p", "config-manager", "/available-configs/ts-4", TS4, 0);

        assertThat(probe.carries("ip-10-0-1-11.ec2.internal", Component.DEVICE_PLUGIN, "ts-4", TS4)).isTrue();
        assertThat(cluster.applierCalls()).anyMatch(c -> c.resource().equals("pods/exec") && c.verb().equals("create")
                && c.namespace().equals("gpu-operator") && c.name().equals("nvidia-device-plugin-daemonset-x7k2p"));
    }

    @Test
    void anOlderFileOrAMissingOneIsNotCarriedYet() {
        expectCat(cluster, "nvidia-device-plugin-daemonset-q9w4e", "config-manager", "/available-configs/ts-4", "version: v1\n", 0);
        assertThat(probe.carries("ip-10-0-1-12.ec2.internal", Component.DEVICE_PLUGIN, "ts-4", TS4)).isFalse();

        expectCat(cluster, "nvidia-device-plugin-daemonset-q9w4e", "config-manager", "/available-configs/ts-4", "", 1);
        assertThat(probe.carries("ip-10-0-1-12.ec2.internal", Component.DEVICE_PLUGIN, "ts-4", TS4)).isFalse();

        // no device-plugin pod on that node (restarting): not yet
        assertThat(probe.carries("ip-10-0-1-13.ec2.internal", Component.DEVICE_PLUGIN, "ts-4", TS4)).isFalse();
    }

    @Test
    void comparesTheMigManagersMountedConfigByContentNotFormatting() {
        String mounted = """
                version: v1
                mig-configs:
                  all-disabled:
                    - devices: all
                      mig-enabled: false
                  slicewise-3g-4x1g:
                    - device-filter: ["0x233010DE"]
                      devices: all
                      mig-enabled: true
                      mig-devices: {"3g.40gb": 1, "1g.10gb": 4}
                """;
        String written = "[{\"device-filter\":[\"0x233010DE\"],\"devices\":\"all\",\"mig-enabled\":true,\"mig-devices\":{\"3g.40gb\":1,\"1g.10gb\":4}}]";
        expectCat(cluster, "nvidia-mig-manager-5hz8v", "nvidia-mig-manager", "/mig-parted-config/config.yaml", mounted, 0);

        assertThat(probe.carries(Plans.H100_NODE, Component.MIG_MANAGER, "slicewise-3g-4x1g", written)).isTrue();
    }
}

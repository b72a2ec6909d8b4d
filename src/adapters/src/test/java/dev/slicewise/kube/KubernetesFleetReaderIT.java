package dev.slicewise.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.collect.CollectionNote;
import dev.slicewise.collect.KubeFleet;
import dev.slicewise.collect.KubeNode;
import dev.slicewise.collect.KubePod;
import dev.slicewise.collect.NodeOverlayInfo;
import dev.slicewise.collect.PodKey;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.NodePoolInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet reader against fabric8's Kubernetes mock server in CRUD mode, seeded with the real CRDs and YAML fixtures. */
@EnableKubernetesMockClient(crud = true)
class KubernetesFleetReaderIT {
    KubernetesMockServer server;
    KubernetesClient client;

    private KubeFleet readSeededCluster() {
        KubeSeeds.karpenterAndGpuOperatorCrds(client);
        KubeSeeds.objects(client, "dev/slicewise/kube/fleet.yaml");
        return new KubernetesFleetReader(client).read();
    }

    @Test
    void gpuNodesCarryTheirPoolCapacityTypeInstanceAndPhysicalGpuCount() {
        KubeFleet f = readSeededCluster();

        assertThat(f.nodes()).extracting(KubeNode::name)
                .containsExactly("ip-10-0-1-11.ec2.internal", "ip-10-0-1-12.ec2.internal", "ip-10-0-4-40.ec2.internal"); // no CPU node
        KubeNode h100 = f.nodes().get(0);
        assertThat(h100.instanceType()).isEqualTo("p5.48xlarge");
        assertThat(h100.instanceId()).isEqualTo("i-0b1b2c3d4e5f60718");
        assertThat(h100.nodePool()).isEqualTo("h100-ts4");
        assertThat(h100.capacityType()).isEqualTo("on-demand");
        assertThat(h100.allocatableGpus()).isEqualTo(32); // 8 GPUs × 4 replicas
        assertThat(h100.physicalGpus()).isEqualTo(8);
        assertThat(h100.gpuShared()).isTrue();
        assertThat(h100.createdAt()).isNotNull(); // set by the API server on create
        assertThat(h100.labels()).containsEntry("nvidia.com/device-plugin.config", "ts-4").containsEntry("nvidia.com/mig.config", "all-disabled")
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3-SHARED");

        KubeNode g5 = f.nodes().get(1);
        assertThat(g5.capacityType()).isEqualTo("spot");
        assertThat(g5.gpuShared()).isFalse();

        KubeNode t4 = f.nodes().get(2); // EKS managed node group, no GFD labels: capacity is the count
        assertThat(t4.nodePool()).isEqualTo("t4-batch");
        assertThat(t4.capacityType()).isEqualTo("on-demand"); // ON_DEMAND normalised
        assertThat(t4.physicalGpus()).isEqualTo(4);
    }

    @Test
    void gpuPodsCarryOwnerRequestsAndStartWhileCpuAndFinishedPodsAreLeftOut() {
        KubeFleet f = readSeededCluster();

        assertThat(f.pods()).extracting(p -> p.key().toString()).containsExactly("batch/nightly-train-29384756-abcde",
                "inference/embedder-0", "inference/llm-api-7d9f8b6c5-x2x9q", "research/notebook-alice");
        KubePod llm = f.pods().stream().filter(p -> p.key().equals(new PodKey("inference", "llm-api-7d9f8b6c5-x2x9q"))).findFirst().orElseThrow();
        assertThat(llm.owner()).isEqualTo("Deployment/llm-api"); // ReplicaSet name minus the pod-template-hash
        assertThat(llm.gpuResource()).isEqualTo("nvidia.com/gpu");
        assertThat(llm.gpuCount()).isEqualTo(1); // limits only: extended resources may omit requests
        assertThat(llm.cpuMillis()).isEqualTo(4100);
        assertThat(llm.memoryMiB()).isEqualTo(16 * 1024 + 64);
        assertThat(llm.node()).isEqualTo("ip-10-0-1-11.ec2.internal");
        assertThat(llm.startedAt()).isEqualTo(Instant.parse("2026-11-20T08:05:00Z"));

        KubePod embedder = f.pods().get(1);
        assertThat(embedder.owner()).isEqualTo("StatefulSet/embedder");
        assertThat(embedder.gpuCount()).isEqualTo(1); // max(containers 1, init 1), not 2
        assertThat(f.pods().get(0).owner()).isEqualTo("Job/nightly-train-29384756");
        assertThat(f.pods().get(0).gpuCount()).isEqualTo(2);
        assertThat(f.pods().get(3).node()).isNull();
        assertThat(f.pods().get(3).owner()).isEqualTo("Pod/notebook-alice");
        assertThat(f.notes()).anySatisfy(n -> assertThat(n.toString())
                .isEqualTo("pod research/notebook-alice: is pending (not scheduled) and requests 1 × nvidia.com/gpu"));
    }

    @Test
    void karpenterGpuNodePoolsOverlaysAndManagedNodeGroupsAreRead() {
        KubeFleet f = readSeededCluster();

        assertThat(f.karpenter()).isTrue();
        assertThat(f.nodePools()).extracting(NodePoolInfo::name).containsExactly("g5-inference", "h100-ts4", "t4-batch"); // not "general"
        NodePoolInfo h100 = f.nodePools().get(1);
        assertThat(h100.kind()).isEqualTo(NodePoolInfo.PoolKind.KARPENTER);
        assertThat(h100.templateLabels()).containsEntry("nvidia.com/device-plugin.config", "ts-4");
        assertThat(h100.limits()).containsEntry("nvidia.com/gpu", "64");
        assertThat(h100.instanceTypes()).containsExactly("p5.48xlarge");
        assertThat(h100.capacityTypes()).containsExactly("on-demand");
        assertThat(f.nodePools().get(0).capacityTypes()).containsExactly("spot", "on-demand");
        NodePoolInfo mng = f.nodePools().get(2);
        assertThat(mng.kind()).isEqualTo(NodePoolInfo.PoolKind.MANAGED_NODEGROUP);
        assertThat(mng.instanceTypes()).containsExactly("g4dn.12xlarge");

        assertThat(f.overlays()).singleElement().isEqualTo(new NodeOverlayInfo("ts4-8gpu", 100,
                List.of("gpu-sharing In [ts-4]", "karpenter.k8s.aws/instance-gpu-count In [8]"), Map.of("nvidia.com/gpu", "32"), null, null));
    }

    @Test
    void theGpuOperatorsDevicePluginConfigIsReadSoTheNextRecommendationStartsFromIt() {
        DevicePluginSetup d = readSeededCluster().devicePlugin();

        assertThat(d.mode()).isEqualTo(DevicePluginSetup.Mode.GPU_OPERATOR);
        assertThat(d.namespace()).isEqualTo("gpu-operator");
        assertThat(d.configMap()).isEqualTo("gpu-sharing-configs");
        assertThat(d.defaultConfig()).isEqualTo("exclusive");
        assertThat(d.migStrategy()).isEqualTo("mixed");
        assertThat(d.configs()).containsOnlyKeys("exclusive", "ts-4");
        assertThat(d.configs().get("ts-4")).contains("replicas: 4");
    }

    @Test
    void aClusterWithoutKarpenterIsReadFromItsNodesAndTheStandaloneDevicePlugin() {
        KubeSeeds.objects(client, "dev/slicewise/kube/standalone-plugin.yaml");

        KubeFleet f = new KubernetesFleetReader(client).read();

        assertThat(f.karpenter()).isFalse();
        assertThat(f.overlays()).isEmpty();
        assertThat(f.nodePools()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("a10g");
            assertThat(p.kind()).isEqualTo(NodePoolInfo.PoolKind.MANAGED_NODEGROUP);
            assertThat(p.capacityTypes()).containsExactly("spot");
        });
        assertThat(f.nodes().get(0).physicalGpus()).isEqualTo(1); // capacity 2 = 1 GPU × 2 replicas
        assertThat(f.nodes().get(0).gpuShared()).isTrue();
        assertThat(f.notes()).anySatisfy(n -> {
            assertThat(n.item()).isEqualTo("karpenter");
            assertThat(n.message()).startsWith("Karpenter is not installed");
        });
        DevicePluginSetup d = f.devicePlugin();
        assertThat(d.mode()).isEqualTo(DevicePluginSetup.Mode.STANDALONE);
        assertThat(d.namespace()).isEqualTo("kube-system");
        assertThat(d.configMap()).isEqualTo("nvdp-nvidia-device-plugin-configs");
        assertThat(d.defaultConfig()).isEqualTo("a10g-ts2");
        assertThat(d.configs()).containsOnlyKeys("a10g-ts2");
    }

    @Test
    void anEmptyClusterSaysSo() {
        KubeFleet f = new KubernetesFleetReader(client).read();
        assertThat(f.nodes()).isEmpty();
        assertThat(f.devicePlugin().mode()).isEqualTo(DevicePluginSetup.Mode.UNKNOWN);
        assertThat(f.notes()).extracting(CollectionNote::item).contains("cluster", "device plugin", "karpenter");
    }
}

package dev.slicewise.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.aws.cloudwatch.MetricSchema.StreamIdentity;
import dev.slicewise.collect.PodKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSchemaTest {

    @Test
    void containerInsightsPerGpuDimensionsNameNodeDeviceAndInstance() {
        StreamIdentity id = MetricSchema.CONTAINER_INSIGHTS.identify(Map.of("ClusterName", "prod",
                "NodeName", "ip-10-0-1-10.ec2.internal", "InstanceId", "i-0abc", "InstanceType", "p5.48xlarge",
                "GpuDevice", "nvidia3"));
        assertThat(id).isEqualTo(new StreamIdentity("ip-10-0-1-10.ec2.internal", "nvidia3", null, null, "i-0abc", null));
    }

    @Test
    void containerInsightsPodSetsUseFullPodNameNotTheShortPodName() {
        StreamIdentity id = MetricSchema.CONTAINER_INSIGHTS.identify(Map.of("ClusterName", "prod", "Namespace", "inference",
                "PodName", "llm-api", "FullPodName", "llm-api-7d9f8b6c5-x2x9q", "GpuDevice", "nvidia0"));
        assertThat(id.pod()).isEqualTo(new PodKey("inference", "llm-api-7d9f8b6c5-x2x9q"));
        assertThat(id.node()).isNull();
        assertThat(id.device()).isEqualTo("nvidia0");
        // the [ClusterName, Namespace, PodName] aggregate names no pod
        assertThat(MetricSchema.CONTAINER_INSIGHTS.identify(Map.of("ClusterName", "prod", "Namespace", "inference",
                "PodName", "llm-api")).pod()).isNull();
    }

    @Test
    void dcgmLabelsMapHostnameDeviceUuidModelAndPod() {
        StreamIdentity id = MetricSchema.DCGM_EXPORTER.identify(Map.of("ClusterName", "prod", "Hostname", "ip-10-0-2-20.ec2.internal",
                "gpu", "2", "device", "nvidia2", "UUID", "GPU-5f1c", "modelName", "NVIDIA H100 80GB HBM3",
                "namespace", "serving", "pod", "t7-0"));
        assertThat(id).isEqualTo(new StreamIdentity("ip-10-0-2-20.ec2.internal", "nvidia2", "GPU-5f1c",
                "NVIDIA H100 80GB HBM3", null, new PodKey("serving", "t7-0")));
    }

    @Test
    void dcgmWithoutDeviceLabelUsesTheGpuIndexAndPrefersExportedPodLabels() {
        StreamIdentity id = MetricSchema.DCGM_EXPORTER.identify(Map.of("Hostname", "n1", "gpu", "5",
                "namespace", "amazon-cloudwatch", "pod", "dcgm-exporter-abcde",
                "exported_namespace", "batch", "exported_pod", "trainer-0"));
        assertThat(id.device()).isEqualTo("nvidia5");
        assertThat(id.pod()).isEqualTo(new PodKey("batch", "trainer-0"));
    }

    @Test
    void dcgmProfilingRatiosAreScaledToPercent() {
        assertThat(MetricSchema.DCGM_EXPORTER.signals().get(GpuSignal.SM_ACTIVE).scale()).isEqualTo(100.0);
        assertThat(MetricSchema.CONTAINER_INSIGHTS.signals()).doesNotContainKey(GpuSignal.SM_ACTIVE);
        assertThat(MetricSchema.CONTAINER_INSIGHTS.signals().get(GpuSignal.MEM_USED_MIB).scale()).isEqualTo(1.0 / 1048576);
    }
}

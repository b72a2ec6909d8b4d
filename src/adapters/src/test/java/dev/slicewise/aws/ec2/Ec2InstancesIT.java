package dev.slicewise.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.workflow.InstanceDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

class Ec2InstancesIT {
    @BeforeEach
    void reset() {
        MotoServer.shared().reset();
    }

    @Test
    void findsTheNodePoolClusterAndGpuCountOfAnInstance() {
        Ec2Client ec2 = MotoClients.ec2();
        String ami = ec2.describeImages().images().get(0).imageId();
        String gpu = run(ec2, ami, "g5.xlarge", Tag.builder().key("karpenter.sh/nodepool").value("gpu-inference").build(),
                Tag.builder().key("eks:eks-cluster-name").value("prod-eks").build());
        String cpu = run(ec2, ami, "m7i.large", Tag.builder().key("karpenter.sh/nodepool").value("default").build());

        Ec2Instances directory = new Ec2Instances(ec2);
        InstanceDirectory.Instance g = directory.describe(gpu).orElseThrow();
        assertThat(g.instanceType()).isEqualTo("g5.xlarge");
        assertThat(g.gpus()).isEqualTo(1); // one A10G, per DescribeInstanceTypes
        assertThat(g.nodePool()).contains("gpu-inference");
        assertThat(g.cluster()).contains("prod-eks");
        assertThat(directory.describe(cpu).orElseThrow().gpus()).isZero();
        assertThat(directory.describe("i-0123456789abcdef0")).isEmpty();
    }

    private static String run(Ec2Client ec2, String ami, String type, Tag... tags) {
        return ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1).instanceType(type)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build()))
                .instances().get(0).instanceId();
    }
}

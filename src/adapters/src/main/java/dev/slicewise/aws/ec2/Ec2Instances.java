package dev.slicewise.aws.ec2;

import dev.slicewise.workflow.InstanceDirectory;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;

import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * What an EC2 instance is, for the new-capacity trigger: its type and tags (DescribeInstances) and how many NVIDIA GPUs
 * that type has (DescribeInstanceTypes, cached per type for the life of the execution environment).
 */
public final class Ec2Instances implements InstanceDirectory {
    private final Ec2Client ec2;
    private final Map<String, Integer> gpusByType = new ConcurrentHashMap<>();

    public Ec2Instances(Ec2Client ec2) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
    }

    @Override
    public Optional<InstanceDirectory.Instance> describe(String instanceId) {
        software.amazon.awssdk.services.ec2.model.Instance i;
        try {
            i = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                    .flatMap(r -> r.instances().stream()).findFirst().orElse(null);
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && "InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) return Optional.empty();
            throw e;
        }
        if (i == null) return Optional.empty();
        String type = i.instanceTypeAsString();
        Map<String, String> tags = i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
        return Optional.of(new InstanceDirectory.Instance(instanceId, type, gpus(type), tags));
    }

    int gpus(String type) {
        return gpusByType.computeIfAbsent(type, t -> ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(t)).instanceTypes()
                .stream().findFirst().map(Ec2Instances::nvidiaGpus).orElse(0));
    }

    private static int nvidiaGpus(InstanceTypeInfo info) {
        if (info.gpuInfo() == null) return 0;
        return info.gpuInfo().gpus().stream().filter(g -> "NVIDIA".equalsIgnoreCase(g.manufacturer()))
                .mapToInt(GpuDeviceInfo::count).sum();
    }
}

package dev.slicewise.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodePackerTest {
    final NodePacker packer = new NodePacker();
    /** g4dn.12xlarge: 4 GPUs, 48 vCPU, 192 GiB → 43.2 vCPU and 172.8 GiB usable. */
    final NodePacker.Capacity g4dn12 = NodePacker.Capacity.of(4, 48, 192);

    static NodePacker.Item shared(String id, double cpu, String from) {
        return new NodePacker.Item(id, true, 1, cpu, 1024, null, List.of(from));
    }

    @Test
    void capacityKeepsTenPercentForTheSystem() {
        assertThat(g4dn12.cpuMillis()).isEqualTo(43200.0);
        assertThat(g4dn12.memoryMiB()).isEqualTo(0.9 * 192 * 1024);
    }

    @Test
    void gpusFillNodesUpToTheirGpuCountAndStayWhereTheirPodsAre() {
        List<NodePacker.NodeBin> bins = packer.pack(List.of(shared("g0", 1000, "b"), shared("g1", 1000, "b"), shared("g2", 1000, "c"),
                shared("g3", 1000, "c"), shared("g4", 1000, "c")), g4dn12, List.of("a", "b", "c"));
        assertThat(bins).hasSize(2);
        assertThat(bins.get(0).gpus() + bins.get(1).gpus()).isEqualTo(5);
        // node a held none of these pods: it is the one freed
        assertThat(bins).extracting(NodePacker.NodeBin::node).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void cpuRequestsOpenMoreNodesThanGpusAlone() {
        // 3 shared GPUs with 20 vCPU of requests each: 2 fit 43.2 vCPU, 3 do not
        List<NodePacker.NodeBin> bins = packer.pack(List.of(shared("g0", 20000, "a"), shared("g1", 20000, "a"), shared("g2", 20000, "b")),
                g4dn12, List.of("a", "b"));
        assertThat(bins).hasSize(2);
    }

    @Test
    void sharedAndWholeGpuWorkNeverShareANodeAndUnmovableWorkStaysHome() {
        NodePacker.Item whole = new NodePacker.Item("default/train", false, 2, 4000, 8192, null, List.of("a"));
        NodePacker.Item ghost = new NodePacker.Item("c/nvidia3", false, 1, 0, 0, "c", List.of("c"));
        List<NodePacker.NodeBin> bins = packer.pack(List.of(whole, ghost, shared("g0", 1000, "a")), g4dn12, List.of("a", "b", "c"));
        assertThat(bins).hasSize(2);
        NodePacker.NodeBin home = bins.stream().filter(b -> b.node().equals("c")).findFirst().orElseThrow();
        assertThat(home.shared()).isFalse();
        assertThat(home.items()).extracting(NodePacker.Item::id).containsExactly("c/nvidia3", "default/train");
        assertThat(bins).filteredOn(NodePacker.NodeBin::shared).singleElement().satisfies(b -> assertThat(b.node()).isEqualTo("a"));
    }
}

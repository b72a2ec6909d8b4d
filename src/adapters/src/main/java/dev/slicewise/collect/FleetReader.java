package dev.slicewise.collect;

/** Port: reads one cluster's GPU nodes, GPU pods, node pools and device-plugin setup. Adapter: fabric8. */
public interface FleetReader {
    /**
     * @throws CollectionException when the nodes or pods cannot be read at all (e.g. 401/403), naming the missing
     *                             access entry or RBAC verb
     */
    KubeFleet read();
}

package dev.slicewise.apply;

/**
 * Tells whether the NVIDIA component on a node already sees a named config in its mounted ConfigMap. The kubelet
 * refreshes mounted ConfigMaps only periodically, and the device plugin's config-manager treats a label naming a
 * config it cannot find as an error; so the applier writes the config, waits until this probe says the mount carries
 * it, and only then switches the node label.
 */
public interface MountedConfigProbe {
    enum Component { DEVICE_PLUGIN, MIG_MANAGER }

    /**
     * @param content the expected content: the whole config file for the device plugin; for the MIG manager the
     *                config's entries as written (compared after parsing)
     * @return false while the mount does not carry it yet (or the pod is restarting)
     */
    boolean carries(String node, Component component, String configName, String content);
}

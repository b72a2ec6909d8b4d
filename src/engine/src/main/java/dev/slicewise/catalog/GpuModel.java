package dev.slicewise.catalog;

import java.util.List;
import java.util.Optional;

/**
 * An NVIDIA GPU model and, when it has MIG, its profiles.
 *
 * @param key              Slicewise's key ({@code H100-80GB})
 * @param productNames     names GPU Feature Discovery reports in {@code nvidia.com/gpu.product}
 *                         (e.g. {@code NVIDIA-H100-80GB-HBM3}, {@code Tesla-T4})
 * @param memoryMiB        framebuffer of one GPU
 * @param smCount          streaming multiprocessors
 * @param memorySlices     MIG memory slices (8; 4 on A30; 0 without MIG)
 * @param computeSlices    MIG compute slices (7; 4 on A30; 0 without MIG)
 * @param pciDeviceIds     PCI device+vendor ids ({@code 0x233010DE}) for mig-parted {@code device-filter}
 * @param migProfiles      empty when the GPU has no MIG
 */
public record GpuModel(String key, List<String> productNames, long memoryMiB, int smCount, int memorySlices,
                       int computeSlices, List<String> pciDeviceIds, List<MigProfile> migProfiles) {
    public GpuModel {
        productNames = List.copyOf(productNames);
        pciDeviceIds = List.copyOf(pciDeviceIds);
        migProfiles = List.copyOf(migProfiles);
    }

    public boolean migCapable() {
        return !migProfiles.isEmpty();
    }

    public Optional<MigProfile> profile(String name) {
        return migProfiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}

package dev.slicewise.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Provenance of one GPU model entry: what is measured, what is assumed, where it came from.
 *
 * @param displayName              human name ({@code NVIDIA H100 80GB HBM3 SXM5 (p5)})
 * @param architecture             e.g. {@code Hopper GH100}
 * @param unconfirmedProductNames  GFD product names we derived but never saw on a node
 * @param profileBasis             MIG profile name to {@code measured}, {@code published}, {@code derived} or
 *                                 {@code estimated} (see gpu-models.json "about")
 * @param unconfirmed              assumptions a recommendation using this model must disclose
 * @param source                   where the values came from
 * @param checked                  when the entry was last checked against its sources
 */
public record GpuModelInfo(String key, String displayName, String architecture, List<String> unconfirmedProductNames,
                           Map<String, String> profileBasis, List<String> unconfirmed, String source, LocalDate checked) {
    public GpuModelInfo {
        unconfirmedProductNames = List.copyOf(unconfirmedProductNames);
        profileBasis = Map.copyOf(profileBasis);
        unconfirmed = List.copyOf(unconfirmed);
    }

    /** True when every MIG profile value was read from a GPU or published by NVIDIA (none derived or estimated). */
    public boolean migFullyConfirmed() {
        return profileBasis.values().stream().allMatch(b -> b.equals("measured") || b.equals("published"));
    }
}

package dev.slicewise.collect;

import java.util.Objects;

/** A pod by namespace and name. */
public record PodKey(String namespace, String name) implements Comparable<PodKey> {
    public PodKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(PodKey o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}

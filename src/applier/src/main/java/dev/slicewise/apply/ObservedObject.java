package dev.slicewise.apply;

/**
 * An object as the analysis saw it, so the applier can refuse a plan whose inputs changed since.
 *
 * @param uid         {@code metadata.uid}, or null when the object did not exist (or was not recorded)
 * @param fingerprint {@link Fingerprints#of} of the object at analysis time; null means "did not exist"
 */
public record ObservedObject(ObjectRef ref, String uid, String fingerprint) {
    public boolean existed() {
        return fingerprint != null;
    }
}

package dev.slicewise.kube;

import dev.slicewise.collect.CollectionException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns Kubernetes 401/403 answers into messages that name the access entry or RBAC rule to add. */
public final class KubeErrors {
    public static final String GROUP = "slicewise-readers";
    public static final String RBAC_FILE = "infra/k8s/slicewise-reader-rbac.yaml";

    private KubeErrors() {}

    public static boolean denied(KubernetesClientException e) {
        return e.getCode() == 401 || e.getCode() == 403;
    }

    public static boolean notFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }

    /**
     * @param verb     {@code list}
     * @param resource {@code nodes}, {@code nodepools.karpenter.sh}
     */
    public static String explain(KubernetesClientException e, String verb, String resource) {
        String server = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (e.getCode() == 401) {
            return "the Kubernetes API rejected the credentials (HTTP 401: " + server + "). On EKS this means the IAM"
                    + " principal has no access entry (or aws-auth mapping): create one with Kubernetes group " + GROUP
                    + " (aws eks create-access-entry --cluster-name <cluster> --principal-arn <role ARN>"
                    + " --kubernetes-groups " + GROUP + "; the cluster's authenticationMode must be API or"
                    + " API_AND_CONFIG_MAP) and apply " + RBAC_FILE + ".";
        }
        return "Kubernetes denied " + verb + " " + resource + " (HTTP 403: " + server + "). Grant the ClusterRole in "
                + RBAC_FILE + " (get/list/watch on " + resource + ") to group " + GROUP + ", the group of the"
                + " collector's EKS access entry.";
    }

    public static CollectionException fatal(KubernetesClientException e, String verb, String resource) {
        if (denied(e)) {
            return new CollectionException(CollectionException.Reason.ACCESS_DENIED,
                    "Cannot read the cluster's " + resource + ": " + explain(e, verb, resource), e);
        }
        return new CollectionException("Cannot " + verb + " " + resource + " from the Kubernetes API: " + e.getMessage(), e);
    }
}

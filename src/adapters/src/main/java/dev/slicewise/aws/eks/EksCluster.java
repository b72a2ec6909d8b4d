package dev.slicewise.aws.eks;

import java.net.URI;

/**
 * What DescribeCluster says about how to reach a cluster's Kubernetes API.
 *
 * @param caData             base64 of the PEM CA bundle ({@code certificateAuthority.data})
 * @param authenticationMode API, API_AND_CONFIG_MAP or CONFIG_MAP (access entries need one of the first two)
 */
public record EksCluster(String name, String arn, URI endpoint, String caData, String status, String authenticationMode) {}

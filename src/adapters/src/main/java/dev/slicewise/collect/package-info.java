/** Assembles a live cluster's FleetSnapshot from Kubernetes and CloudWatch. */
package dev.slicewise.collect;

package dev.slicewise.workflow;

import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.Window;

/** Port: one cluster's GPU fleet and its telemetry over a window (adapter: the CloudWatch + EKS/Kubernetes collectors). */
public interface FleetSource {
    FleetSnapshot collect(String cluster, Window window);
}

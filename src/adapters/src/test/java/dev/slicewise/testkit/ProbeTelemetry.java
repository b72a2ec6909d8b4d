package dev.slicewise.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The real H100 probe telemetry ({@code data/h100-sharing-probe/*}/smi_*.csv: nvidia-smi every 100 ms, the counters
 * dcgm-exporter publishes as DCGM_FI_DEV_GPU_UTIL and DCGM_FI_DEV_FB_USED), replayed as one sample per minute — the
 * cadence at which the CloudWatch agent scrapes dcgm-exporter — so a scenario of ~270 rows spans ~4.5 hours.
 */
public record ProbeTelemetry(String scenario, List<Sample> samples) {
    public record Sample(double gpuUtilPct, double fbUsedMiB) {}

    /** @param path e.g. {@code inference/smi_T4.csv} */
    public static ProbeTelemetry load(String path) {
        List<Sample> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(Repo.file("data/h100-sharing-probe/" + path));
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                out.add(new Sample(Double.parseDouble(f[1].trim()), Double.parseDouble(f[3].trim())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProbeTelemetry(path, List.copyOf(out));
    }

    public int size() {
        return samples.size();
    }
}

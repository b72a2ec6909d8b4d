package dev.slicewise.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The serving part of one real {@code nvidia-smi} trace of the H100 probe: the 100 ms samples taken while the
 * workload's process had its model loaded, i.e. {@code fb_used_mib} at 90 % or more of the trace's maximum. That
 * leaves out the start-up (memory still growing) and tear-down rows, which are the probe's, not the workload's.
 *
 * @param util  gpu_util_pct (= DCGM_FI_DEV_GPU_UTIL) of each serving sample, percent
 * @param fbMiB fb_used_mib (= DCGM_FI_DEV_FB_USED) of each serving sample
 */
record ProbeTrace(String name, double[] util, double[] fbMiB) {

    static final String RESOURCE_DIR = "/dev/slicewise/demo/h100-probe/";

    /** @param path relative to the probe folder, e.g. {@code inference/smi_T1.csv} */
    static ProbeTrace load(String path) {
        try (InputStream in = ProbeTrace.class.getResourceAsStream(RESOURCE_DIR + path)) {
            if (in == null) throw new IllegalStateException("probe trace " + RESOURCE_DIR + path + " is not on the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = r.readLine();
            if (header == null || !header.startsWith("timestamp,gpu_util_pct,mem_util_pct,fb_used_mib")) {
                throw new IllegalStateException(path + ": unexpected header " + header);
            }
            List<double[]> rows = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                rows.add(new double[] {Double.parseDouble(f[1].trim()), Double.parseDouble(f[3].trim())});
            }
            double maxFb = rows.stream().mapToDouble(x -> x[1]).max().orElse(0);
            double[][] serving = rows.stream().filter(x -> x[1] >= 0.9 * maxFb).toArray(double[][]::new);
            if (serving.length == 0) throw new IllegalStateException(path + ": no samples with memory in use");
            return new ProbeTrace(path, Arrays.stream(serving).mapToDouble(x -> x[0]).toArray(),
                    Arrays.stream(serving).mapToDouble(x -> x[1]).toArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double meanUtil() {
        return Arrays.stream(util).average().orElseThrow();
    }

    double maxFbMiB() {
        return Arrays.stream(fbMiB).max().orElseThrow();
    }

    int size() {
        return util.length;
    }
}

package dev.slicewise.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the numbers were measured on: they mean little without it. */
public record Machine(String cpu, int cores, String ram, String os, String jdk, String moto, String commit) {

    public static Machine describe(Path repo) {
        String cpu = "unknown CPU";
        String ram = "unknown";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    ram = String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep "unknown"
        }
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
        String moto = run(repo, List.of("python3", "-c", "import moto; print(moto.__version__)"));
        String commit = run(repo, List.of("git", "rev-parse", "--short", "HEAD"));
        String dirty = run(repo, List.of("git", "status", "--porcelain", "--untracked-files=no"));
        if (!dirty.isEmpty() && !dirty.equals("?")) commit += " (with uncommitted changes)";
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), ram, os, jdk, moto, commit);
    }

    private static String run(Path dir, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}

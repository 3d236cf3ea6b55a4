package dev.kotae.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * CPU time as a Lambda function of a given memory size gets it: Lambda allots CPU in proportion to
 * memory, one vCPU at 1,769 MB. A probe JVM runs in a CPU cgroup whose CFS quota is that share of
 * one CPU (cgroup v2 {@code cpu.max}, or v1 {@code cpu.cfs_quota_us}); the JVM sees the limit as
 * a container's and sizes itself for it, as it does in Lambda.
 *
 * @param memoryMb the function memory size emulated, or 0 for the whole machine, unlimited
 */
public record CpuBudget(int memoryMb) {

    /** Lambda's documented point of one full vCPU. */
    static final int MB_PER_VCPU = 1769;
    private static final int PERIOD_MICROS = 100_000;
    private static final Path CGROUP_V2 = Path.of("/sys/fs/cgroup");
    private static final Path CGROUP_V1_CPU = Path.of("/sys/fs/cgroup/cpu");

    public static final CpuBudget WHOLE_MACHINE = new CpuBudget(0);

    public String label() {
        return memoryMb == 0 ? "whole machine (" + Runtime.getRuntime().availableProcessors() + " CPUs)"
                : String.format(Locale.ROOT, "%d MB (%.2f vCPU)", memoryMb, vcpus());
    }

    double vcpus() {
        return (double) memoryMb / MB_PER_VCPU;
    }

    /** The command prefix that starts a process inside this budget's cgroup (made on first use). */
    List<String> launcher() throws IOException {
        if (memoryMb == 0) {
            return List.of();
        }
        var quota = Math.round(vcpus() * PERIOD_MICROS);
        Path group;
        if (Files.exists(CGROUP_V2.resolve("cgroup.controllers"))) {
            group = CGROUP_V2.resolve("kotae-benchmark-" + memoryMb);
            Files.createDirectories(group);
            Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
        } else {
            group = CGROUP_V1_CPU.resolve("kotae-benchmark-" + memoryMb);
            Files.createDirectories(group);
            Files.writeString(group.resolve("cpu.cfs_period_us"), Integer.toString(PERIOD_MICROS));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
        return List.of("sh", "-c", "echo $$ > " + group.resolve("cgroup.procs") + " && exec \"$@\"", "sh");
    }

    /** Whether CPU cgroups can be made here (they need root and a writable cgroup file system). */
    static boolean available() {
        try {
            new CpuBudget(MB_PER_VCPU).launcher();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

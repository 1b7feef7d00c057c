package dev.ecsdns.infra;

import java.util.List;

/**
 * A task's Fargate size and its service container's share of it. With Service Connect, ECS adds an Envoy proxy
 * container to each task; AWS recommends 256 CPU units and at least 64 MiB for it. The service container keeps the
 * size asked for (its JVM sizes its heap against its own limit, 75 %), and the task grows to the next valid Fargate
 * size that also holds the proxy.
 *
 * @param taskCpu Fargate CPU units of the task
 * @param taskMemory MiB of the task
 * @param containerCpu CPU units reserved for the service container
 * @param containerMemory hard memory limit of the service container, what its JVM sees
 */
record TaskSize(int taskCpu, int taskMemory, int containerCpu, int containerMemory) {

    static final int PROXY_CPU = 256;
    static final int PROXY_MEMORY = 128;

    private static final List<Integer> FARGATE_CPUS = List.of(256, 512, 1024, 2048, 4096, 8192, 16384);

    /** The service container alone: it gets the whole task. */
    static TaskSize withoutProxy(int cpu, int memory) {
        return new TaskSize(cpu, memory, cpu, memory);
    }

    /** The service container as asked, plus the Service Connect proxy's share, rounded up to a Fargate size. */
    static TaskSize withProxy(int cpu, int memory) {
        int taskCpu = FARGATE_CPUS.stream().filter(units -> units >= cpu + PROXY_CPU).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cpu " + cpu + " leaves no room for the proxy"));
        int taskMemory = Math.max(minimumMemory(taskCpu), roundUpToGigabytes(memory + PROXY_MEMORY));
        return new TaskSize(taskCpu, taskMemory, cpu, memory);
    }

    /** Fargate's smallest memory for a CPU size: 512 MiB at 0.25 vCPU, then 2 GiB per vCPU. */
    private static int minimumMemory(int taskCpu) {
        return taskCpu == 256 ? 512 : taskCpu * 2;
    }

    private static int roundUpToGigabytes(int mebibytes) {
        return (mebibytes + 1023) / 1024 * 1024;
    }
}

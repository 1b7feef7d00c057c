package dev.ecsdns.bench;

/** The CPU split: servers on core 0, the harness, wrk and probes on the last core (run.sh pins the harness there). */
final class Cpus {

    static final int COUNT = Runtime.getRuntime().availableProcessors();

    private Cpus() {
    }

    static String servers() {
        return "0";
    }

    static String load() {
        int all = Integer.parseInt(System.getenv().getOrDefault("BENCH_NPROC", String.valueOf(hostCpus())));
        return String.valueOf(Math.max(0, all - 1));
    }

    private static int hostCpus() {
        // availableProcessors() is 1 inside run.sh's taskset; nproc of the machine is in /sys.
        try {
            String online = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/online")).trim();
            String last = online.substring(online.lastIndexOf('-') + 1);
            return Integer.parseInt(last.contains(",") ? last.substring(last.lastIndexOf(',') + 1) : last) + 1;
        } catch (Exception e) {
            return COUNT;
        }
    }
}

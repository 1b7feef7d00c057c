package dev.ecsdns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A process's RSS and CPU time from /proc (container processes too, by their host pid). */
final class Procfs {

    private static final double CLOCK_TICKS = 100.0;
    private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    private Procfs() {
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // gone
        }
        return Double.NaN;
    }

    /**
     * The resident part of HotSpot's code cache (the JIT's compiled code): the Rss of the process's read-write-execute
     * mappings in /proc/pid/smaps, which in these JVMs are the code heaps and nothing else.
     */
    static double codeCacheMb(long pid) {
        long kb = 0;
        boolean code = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
                if (MAPPING.matcher(line).lookingAt()) {
                    code = line.split(" ", 3)[1].equals("rwxp");
                } else if (code && line.startsWith("Rss:")) {
                    kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return kb / 1024.0;
    }

    /**
     * CPU seconds of a process and its descendants (nginx's workers), without HotSpot's JIT compiler threads: what
     * serving costs once the code is compiled.
     */
    static double servingCpuSeconds(long pid) {
        double total = 0;
        List<Long> pids = Stream.concat(Stream.of(pid),
            ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)).toList();
        for (long each : pids) {
            Path proc = Path.of("/proc/" + each);
            total += cpu(proc);
            try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                for (Path task : tasks.toList()) {
                    if (isCompiler(task)) {
                        total -= cpu(task);
                    }
                }
            } catch (IOException e) {
                // gone
            }
        }
        return total;
    }

    /** Since start: whole-process CPU time includes the threads that have ended. */
    static double cpu(Path procOrTask) {
        try {
            String stat = Files.readString(procOrTask.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean isCompiler(Path task) {
        try {
            String comm = Files.readString(task.resolve("comm")).trim();
            return comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler");
        } catch (IOException e) {
            return false;
        }
    }

    static String loadavg() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }
}

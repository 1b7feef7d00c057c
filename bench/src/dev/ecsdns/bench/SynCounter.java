package dev.ecsdns.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts connection attempts (TCP SYNs) to one address with a target-less iptables rule, which only counts and
 * changes nothing about the packets. Polled every 100 ms, it tells when a caller last tried a dead instance.
 */
final class SynCounter implements AutoCloseable {

    record Change(long nanos, long count) {
    }

    private final List<String> rule;
    private final String comment;
    private final List<Change> changes = new ArrayList<>();
    private final Thread poller;
    private final Runnable cleanup = this::close;
    private volatile boolean running = true;

    private SynCounter(String comment, List<String> rule) {
        this.comment = comment;
        this.rule = rule;
        Cleanup.add(cleanup);
        this.poller = new Thread(this::poll, "syn-counter");
        poller.setDaemon(true);
        poller.start();
    }

    /** Installs the counting rule, or returns null when iptables is not usable here. */
    static SynCounter install(Config config, String ip, int port) {
        String comment = "ecsdns-bench-" + config.runId();
        List<String> rule = List.of("OUTPUT", "-p", "tcp", "-d", ip, "--dport", String.valueOf(port), "--syn",
            "-m", "comment", "--comment", comment);
        List<String> insert = new ArrayList<>(List.of("iptables", "-w", "5", "-I"));
        insert.addAll(rule);
        try {
            if (!Sh.run(null, Duration.ofSeconds(20), insert).ok()) {
                return null;
            }
        } catch (RuntimeException e) {
            return null;
        }
        return new SynCounter(comment, rule);
    }

    private void poll() {
        long last = -1;
        while (running) {
            long count = count();
            if (count != last) {
                synchronized (changes) {
                    changes.add(new Change(System.nanoTime(), count));
                }
                last = count;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long count() {
        for (String line : Sh.run(Duration.ofSeconds(20), "iptables", "-w", "5", "-L", "OUTPUT", "-v", "-x", "-n").out().split("\n")) {
            if (line.contains(comment)) {
                return Long.parseLong(line.trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** The last time the count went up, or -1 if it never did after the given time. */
    long lastIncreaseAfter(long nanos) {
        synchronized (changes) {
            long last = -1;
            for (int i = 1; i < changes.size(); i++) {
                if (changes.get(i).nanos() >= nanos && changes.get(i).count() > changes.get(i - 1).count()) {
                    last = changes.get(i).nanos();
                }
            }
            return last;
        }
    }

    /** The count the poller had seen before the given time. */
    long countBefore(long nanos) {
        synchronized (changes) {
            return changes.stream().filter(c -> c.nanos() < nanos).mapToLong(Change::count).max().orElse(0);
        }
    }

    /** Attempts counted after the given time (by the poll resolution). */
    long attemptsAfter(long nanos) {
        synchronized (changes) {
            long before = changes.stream().filter(c -> c.nanos() < nanos).mapToLong(Change::count).max().orElse(0);
            long latest = changes.isEmpty() ? 0 : changes.get(changes.size() - 1).count();
            return latest - before;
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        List<String> delete = new ArrayList<>(List.of("iptables", "-w", "5", "-D"));
        delete.addAll(rule);
        Sh.run(null, Duration.ofSeconds(20), delete);
        Cleanup.remove(cleanup);
    }
}

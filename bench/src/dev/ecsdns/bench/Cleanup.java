package dev.ecsdns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undoes what this run started (processes, containers, iptables rules), newest first, at the end of a section and
 * when the JVM exits for any reason. Process ids also go to a file that run.sh's trap reads as a backstop.
 */
final class Cleanup {

    private static final Deque<Runnable> ACTIONS = new ArrayDeque<>();
    private static Path pidFile;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::runAll, "bench-cleanup"));
    }

    private Cleanup() {
    }

    static void pidFile(Path file) {
        pidFile = file;
    }

    static synchronized void add(Runnable action) {
        ACTIONS.push(action);
    }

    static synchronized void remove(Runnable action) {
        ACTIONS.remove(action);
    }

    static void recordPid(long pid) {
        if (pidFile == null) {
            return;
        }
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // only the backstop is lost
        }
    }

    static void runAll() {
        while (true) {
            Runnable action;
            synchronized (Cleanup.class) {
                action = ACTIONS.poll();
            }
            if (action == null) {
                return;
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                System.err.println("[bench] cleanup: " + e.getMessage());
            }
        }
    }
}

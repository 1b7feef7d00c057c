package dev.ecsdns.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stand-in for Cloud Map: a hosts file that every service JVM reads through {@code -Djdk.net.hosts.file}.
 * A name with several addresses behaves like a MULTIVALUE record; rewriting the file is a task coming or going.
 */
public final class HostsFile {

    private final Path path;
    private final Map<String, List<String>> records = new LinkedHashMap<>();

    public HostsFile(Path path) {
        this.path = path;
        // A JVM given a hosts file resolves nothing else: localhost and this machine's own name must be in it.
        records.put("localhost", List.of("127.0.0.1"));
        records.put(localHostName(), List.of("127.0.0.1"));
    }

    public Path path() {
        return path;
    }

    /** Points a name at exactly these addresses (none removes it) and rewrites the file atomically. */
    public synchronized HostsFile set(String name, String... addresses) {
        if (addresses.length == 0) {
            records.remove(name);
        } else {
            records.put(name, List.of(addresses));
        }
        write();
        return this;
    }

    public synchronized List<String> addresses(String name) {
        return records.getOrDefault(name, List.of());
    }

    private void write() {
        List<String> lines = new ArrayList<>();
        records.forEach((name, addresses) -> addresses.forEach(address -> lines.add(address + " " + name)));
        try {
            Files.createDirectories(path.getParent());
            Path tmp = Files.createTempFile(path.getParent(), "hosts", ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost.localdomain";
        }
    }
}

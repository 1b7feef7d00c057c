package dev.ecsdns.bench;

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
 * Cloud Map on one machine (the system module's idea): a hosts file every service JVM reads through
 * -Djdk.net.hosts.file; a name with several addresses is a MULTIVALUE record, rewriting it is a task coming or going.
 */
final class HostsFile {

    private final Path path;
    private final Map<String, List<String>> records = new LinkedHashMap<>();

    HostsFile(Path path) {
        this.path = path;
        records.put("localhost", List.of("127.0.0.1"));
        try {
            records.put(InetAddress.getLocalHost().getHostName(), List.of("127.0.0.1"));
        } catch (IOException e) {
            // the JVM's own name is not needed by the services
        }
        write();
    }

    Path path() {
        return path;
    }

    synchronized HostsFile set(String name, String... addresses) {
        if (addresses.length == 0) {
            records.remove(name);
        } else {
            records.put(name, List.of(addresses));
        }
        write();
        return this;
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
}

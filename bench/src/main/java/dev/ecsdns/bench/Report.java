package dev.ecsdns.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The one table of a run: a header (date, machine, load), one row per figure, the notes; printed and written. */
final class Report {

    /** One figure: what, our value, the reference's, the target and whether it was met, and how it was taken. */
    record Row(String what, String ours, String reference, String target, String met, String how) {
    }

    private final List<String> header = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void header(String line) {
        header.add(line);
    }

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println("[bench] " + row.what() + ": " + row.ours() + (row.reference().isEmpty() ? "" : " vs " + row.reference())
            + (row.met().isEmpty() ? "" : " (" + row.target() + ": " + row.met() + ")"));
    }

    synchronized void note(String line) {
        notes.add(line);
        System.out.println("[bench] note: " + line);
    }

    static String met(boolean met) {
        return met ? "yes" : "no";
    }

    synchronized void write(Path dir, String name) {
        StringBuilder md = new StringBuilder("# Benchmark run " + name + "\n\n");
        header.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\n| what | ours | reference | target | met | how |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append(String.join(" | ", "| " + row.what(), row.ours(), row.reference(), row.target(), row.met(), row.how()))
                .append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(line -> md.append("- ").append(line).append('\n'));
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".md"), md);
            Files.writeString(dir.resolve("latest.md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println();
        System.out.println(md);
    }
}

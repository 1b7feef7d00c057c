package dev.ecsdns.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rows every section adds, printed as a table at the end and written as CSV and markdown. */
final class Report {

    /** One figure: ours, and (when there is one) the reference it is compared with, the ratio and the target. */
    record Row(String section, String subject, String metric, double value, String unit, String reference,
               Double referenceValue, Double ratio, String target, String met, String context) {
    }

    private final Config config;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> header = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();
    private final LocalDateTime started = LocalDateTime.now();

    Report(Config config) {
        this.config = config;
    }

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println("[bench] " + line(row));
    }

    void add(String section, String subject, String metric, double value, String unit, String context) {
        add(new Row(section, subject, metric, value, unit, "", null, null, "", "", context));
    }

    /** A table of its own under the main one (e.g. the experiments' before/after matrix). */
    void table(String title, List<String> columns, List<List<String>> cells) {
        StringBuilder md = new StringBuilder("\n### " + title + "\n\n| " + String.join(" | ", columns) + " |\n|");
        columns.forEach(c -> md.append("---|"));
        md.append('\n');
        cells.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        tables.add(md.toString());
    }

    void header(String line) {
        header.add(line);
    }

    void note(String line) {
        notes.add(line);
        System.out.println("[bench] note: " + line);
    }

    List<Row> rows() {
        return rows;
    }

    static String met(boolean met) {
        return met ? "yes" : "NO";
    }

    static String fmt(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String number = switch (unit) {
            case "s", "ratio", "x" -> String.format(Locale.ROOT, "%.2f", value);
            case "ms" -> value < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.1f", value);
            case "us" -> String.format(Locale.ROOT, "%.0f", value);
            default -> value == Math.rint(value) || Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
        };
        return unit.isEmpty() || unit.equals("x") || unit.equals("ratio") ? number : number + " " + unit;
    }

    private static String line(Row r) {
        return r.section() + " | " + r.subject() + " | " + r.metric() + " | " + fmt(r.value(), r.unit())
            + (r.reference().isEmpty() ? "" : " | vs " + r.reference() + " " + fmt(r.referenceValue(), r.unit()))
            + (r.ratio() == null ? "" : " | ratio " + fmt(r.ratio(), "x"))
            + (r.target().isEmpty() ? "" : " | target " + r.target() + ": " + r.met());
    }

    void write() {
        String stamp = started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm"));
        String suffix = config.quick() ? "-quick" : config.experiments() ? "-experiments" : "";
        Path dir = config.bench().resolve("results");
        String markdown = markdown();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(stamp + suffix + ".md"), markdown);
            Files.writeString(dir.resolve(stamp + suffix + ".csv"), csv());
            Files.writeString(dir.resolve(config.experiments() ? "latest-experiments.md" : "latest.md"), markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println();
        System.out.println(markdown);
        System.out.println("[bench] written: bench/results/" + stamp + suffix + ".{md,csv} and latest"
            + (config.experiments() ? "-experiments" : "") + ".md");
    }

    private String markdown() {
        StringBuilder md = new StringBuilder("# Benchmark " + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
            + (config.quick() ? " (--quick)" : "") + (config.experiments() ? " (--experiments)" : "") + "\n\n");
        header.forEach(h -> md.append("- ").append(h).append('\n'));
        md.append("\n| Section | Subject | Metric | Value | Reference | Ratio | Target | Met | How |\n")
            .append("|---|---|---|---:|---|---:|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.section()).append(" | ").append(r.subject()).append(" | ").append(r.metric())
                .append(" | ").append(fmt(r.value(), r.unit()))
                .append(" | ").append(r.reference().isEmpty() ? "" : r.reference() + " " + fmt(r.referenceValue(), r.unit()))
                .append(" | ").append(r.ratio() == null ? "" : fmt(r.ratio(), "x"))
                .append(" | ").append(r.target()).append(" | ").append(r.met())
                .append(" | ").append(r.context().replace("|", "/")).append(" |\n");
        }
        tables.forEach(md::append);
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private String csv() {
        StringBuilder csv = new StringBuilder("date,section,subject,metric,value,unit,reference,reference_value,ratio,target,met,context\n");
        String date = started.toString();
        for (Row r : rows) {
            csv.append(String.join(",", date, q(r.section()), q(r.subject()), q(r.metric()), num(r.value()), q(r.unit()),
                q(r.reference()), r.referenceValue() == null ? "" : num(r.referenceValue()),
                r.ratio() == null ? "" : num(r.ratio()), q(r.target()), q(r.met()), q(r.context()))).append('\n');
        }
        return csv.toString();
    }

    private static String num(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String q(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}

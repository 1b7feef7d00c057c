package dev.ecsdns.bench;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** wrk (closed loop: each connection sends its next request when the last answer arrived), pinned to a CPU. */
final class Wrk {

    record Result(double rps, double p50Ms, double p99Ms, long requests, long errors, String raw) {
        String summary() {
            return String.format("%.0f req/s, p50 %.2f ms, p99 %.2f ms%s", rps, p50Ms, p99Ms,
                errors > 0 ? ", " + errors + " errors" : "");
        }
    }

    private Wrk() {
    }

    /** Starts wrk in the background (for concurrent loads); read it with {@link #parse}. */
    static Process start(String cpu, int connections, int seconds, String url) {
        try {
            return new ProcessBuilder(command(cpu, connections, seconds, url)).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Result run(String cpu, int connections, int seconds, String url) {
        Sh.Result out = Sh.run(null, Duration.ofSeconds(seconds + 60), command(cpu, connections, seconds, url));
        if (!out.ok()) {
            throw new IllegalStateException("wrk failed: " + out.out());
        }
        return parse(out.out());
    }

    static Result await(Process wrk, int seconds) {
        try {
            if (!wrk.waitFor(seconds + 60L, java.util.concurrent.TimeUnit.SECONDS)) {
                wrk.destroyForcibly();
                throw new IllegalStateException("wrk did not finish");
            }
            return parse(new String(wrk.getInputStream().readAllBytes()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> command(String cpu, int connections, int seconds, String url) {
        List<String> command = LocalRun.pinned(cpu);
        command.addAll(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "5s", "--latency", url));
        return command;
    }

    static Result parse(String out) {
        double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
        double p50 = latency(out, "50%");
        double p99 = latency(out, "99%");
        long requests = (long) number(out, "([0-9]+) requests in");
        long errors = 0;
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        return new Result(rps, p50, p99, requests, errors, out);
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double latency(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s|m)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            default -> value;
        };
    }
}

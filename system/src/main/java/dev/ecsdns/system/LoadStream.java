package dev.ecsdns.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A steady, bounded stream of GET requests (a fixed rate for a fixed time) recording what a client saw: each
 * request's status (0 for a transport error), latency and body, by the time it was sent. The discovery tests and the
 * benchmarks (bench/) drive their traffic with it.
 */
public final class LoadStream {

    /**
     * One request as the client saw it.
     *
     * @param sentNanos     {@link System#nanoTime()} when it was sent, to compare with the time of a fault
     * @param startedMillis when it was sent, in milliseconds after the stream started
     */
    public record Result(long sentNanos, long startedMillis, int status, long latencyMillis, String body) {

        public boolean failed() {
            return status != 200;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Result> results = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final long startNanos = System.nanoTime();

    /** Starts sending GET url at perSecond requests a second for the given duration. */
    public static LoadStream start(String url, int perSecond, Duration duration) {
        LoadStream stream = new LoadStream();
        long total = perSecond * duration.toSeconds();
        long periodMicros = 1_000_000L / perSecond;
        for (long i = 0; i < total; i++) {
            stream.scheduler.schedule(() -> stream.fire(url), i * periodMicros, TimeUnit.MICROSECONDS);
        }
        return stream;
    }

    private void fire(String url) {
        long sent = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        inFlight.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            long latency = (System.nanoTime() - sent) / 1_000_000;
            long started = (sent - startNanos) / 1_000_000;
            results.add(response == null
                ? new Result(sent, started, 0, latency, String.valueOf(error))
                : new Result(sent, started, response.statusCode(), latency, response.body()));
            return null;
        }));
    }

    /** Waits until every scheduled request was sent and answered; returns what the client saw. */
    public List<Result> await() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("load stream did not finish");
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Sleeps until the stream has run for the given time (at once if it already has). */
    public void sleepUntil(Duration elapsed) {
        long wait = elapsed.toMillis() - elapsedMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The latency below which the fraction p of the requests were answered (1.0: the slowest). */
    public static long percentile(List<Result> results, double p) {
        List<Long> latencies = results.stream().map(Result::latencyMillis).sorted().toList();
        return latencies.isEmpty() ? 0 : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(p * latencies.size()) - 1));
    }
}

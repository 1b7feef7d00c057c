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
 * A steady, bounded stream of GET requests (a fixed rate for a fixed time) recording what a client saw:
 * each request's status (0 for a transport error), latency and body.
 */
final class LoadStream {

    record Result(long startedMillis, int status, long latencyMillis, String body) {
        boolean failed() {
            return status != 200;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Result> results = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final long start = System.currentTimeMillis();

    /** Starts sending GET url at perSecond requests a second for the given duration. */
    static LoadStream start(String url, int perSecond, Duration duration) {
        LoadStream stream = new LoadStream();
        long total = perSecond * duration.toSeconds();
        long periodMicros = 1_000_000L / perSecond;
        for (long i = 0; i < total; i++) {
            stream.scheduler.schedule(() -> stream.fire(url), i * periodMicros, TimeUnit.MICROSECONDS);
        }
        return stream;
    }

    private void fire(String url) {
        long sent = System.currentTimeMillis();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        inFlight.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            long latency = System.currentTimeMillis() - sent;
            results.add(response == null
                ? new Result(sent - start, 0, latency, String.valueOf(error))
                : new Result(sent - start, response.statusCode(), latency, response.body()));
            return null;
        }));
    }

    /** Waits until every scheduled request was sent and answered; returns what the client saw. */
    List<Result> await() {
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

    long elapsedMillis() {
        return System.currentTimeMillis() - start;
    }

    static long percentile(List<Result> results, double p) {
        List<Long> latencies = results.stream().map(Result::latencyMillis).sorted().toList();
        return latencies.isEmpty() ? 0 : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(p * latencies.size()) - 1));
    }
}

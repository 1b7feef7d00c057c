package dev.ecsdns.bench;

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
 * A fixed-rate stream of GETs for a fixed time (the system tests' LoadStream idea), recording what a user saw:
 * status (0 for a transport error), latency and body of each request, by the time it was sent.
 */
final class LoadStream {

    record Result(long sentNanos, int status, long latencyMillis, String body) {
        boolean failed() {
            return status != 200;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Result> results = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final long startNanos = System.nanoTime();

    static LoadStream start(String url, int perSecond, Duration duration) {
        LoadStream stream = new LoadStream();
        long total = perSecond * duration.toSeconds();
        long periodMicros = 1_000_000L / perSecond;
        for (long i = 0; i < total; i++) {
            stream.scheduler.schedule(() -> stream.fire(url), i * periodMicros, TimeUnit.MICROSECONDS);
        }
        return stream;
    }

    long startNanos() {
        return startNanos;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void sleepUntil(double seconds) {
        long wait = (long) ((seconds - elapsedSeconds()) * 1000);
        if (wait > 0) {
            Sh.sleep(wait);
        }
    }

    private void fire(String url) {
        long sent = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        inFlight.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            long latency = (System.nanoTime() - sent) / 1_000_000;
            results.add(response == null ? new Result(sent, 0, latency, String.valueOf(error))
                : new Result(sent, response.statusCode(), latency, response.body()));
            return null;
        }));
    }

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
}

package dev.ecsdns.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: requests leave at a constant rate whatever the server does, and each latency is taken
 * from the moment its request was due, so a stalled server shows up as queueing in p99 instead of a slower sender
 * (what a closed-loop tool like wrk hides). Latencies are kept per window (e.g. per minute of a soak).
 */
final class RateLoad {

    /** What one window of the run saw: latencies in microseconds, sorted, and the failures (non-2xx or no answer). */
    record Window(long[] micros, int errors, String firstError) {

        double percentile(double p) {
            return micros.length == 0 ? Double.NaN : micros[(int) Math.min(micros.length - 1, Math.ceil(p * micros.length) - 1)] / 1000.0;
        }

        int count() {
            return micros.length + errors;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();

    private RateLoad() {
    }

    /** GETs the urls in turn at perSecond for duration, in windows of the given length; waits for the last answer. */
    static List<Window> run(List<String> urls, int perSecond, Duration duration, Duration window) {
        List<HttpRequest> requests = urls.stream()
            .map(url -> HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build()).toList();
        long period = 1_000_000_000L / perSecond;
        long total = duration.toNanos() / period;
        long windowNanos = window.toNanos();
        int windows = (int) Math.max(1, (duration.toNanos() + windowNanos - 1) / windowNanos);
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            recorders.add(new Recorder());
        }
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Recorder recorder = recorders.get((int) Math.min(windows - 1, (due - start) / windowNanos));
            inFlight.add(CLIENT.sendAsync(requests.get((int) (i % requests.size())), HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    recorder.record(System.nanoTime() - due, response == null ? String.valueOf(error)
                        : response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode());
                    return null;
                }));
            inFlight.removeIf(CompletableFuture::isDone);
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("requests still unanswered 30 s after the load ended", e);
        }
        return recorders.stream().map(Recorder::window).toList();
    }

    /**
     * Closed-loop warm-up: {@code clients} senders, each sending its next request when the last is answered, for the
     * duration. A cold chain (JIT, DynamoDB Local's first calls) sets its own pace here, where an open-loop rate above
     * that pace would pile up requests until every one of them times out.
     */
    static void warmUp(String url, int clients, Duration duration) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread sender = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        LockSupport.parkNanos(10_000_000);   // refused or timed out: the measured phase will tell
                    }
                }
            }, "warm-up-" + i);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    /** All windows as one. */
    static Window merge(List<Window> windows) {
        long[] all = windows.stream().flatMapToLong(w -> java.util.Arrays.stream(w.micros())).sorted().toArray();
        String firstError = windows.stream().map(Window::firstError).filter(e -> e != null).findFirst().orElse(null);
        return new Window(all, windows.stream().mapToInt(Window::errors).sum(), firstError);
    }

    private static final class Recorder {
        private long[] micros = new long[1024];
        private int size;
        private int errors;
        private String firstError;

        synchronized void record(long nanos, String error) {
            if (error != null) {
                errors++;
                firstError = firstError == null ? error : firstError;
                return;
            }
            if (size == micros.length) {
                micros = java.util.Arrays.copyOf(micros, size * 2);
            }
            micros[size++] = nanos / 1000;
        }

        synchronized Window window() {
            long[] sorted = java.util.Arrays.copyOf(micros, size);
            java.util.Arrays.sort(sorted);
            return new Window(sorted, errors, firstError);
        }
    }
}

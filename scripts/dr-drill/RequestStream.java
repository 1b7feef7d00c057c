import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The drill's steady stream of requests: {@code rate} requests a second to {@code base}, each on a schedule of its
 * own (a slow or failed answer never delays the next request), alternating the page {@code /} and
 * {@code /api/items?limit=1}. Writes one line per request as it completes: the epoch milliseconds it was sent, the
 * status (000 when there was no answer within 10 s), the region that answered ({@code X-Drill-Region}) and the
 * seconds it took. Stops when the stop file exists, or after {@code seconds}.
 *
 * <p>{@code java RequestStream.java BASE RATE SECONDS OUTPUT STOPFILE}
 */
public final class RequestStream {

    public static void main(String[] args) throws IOException, InterruptedException {
        URI base = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        Path stop = Path.of(args[4]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[3])), true)) {
            long[] sent = {0};
            ticks.scheduleAtFixedRate(() -> {
                String path = sent[0]++ % 2 == 0 ? "/" : "/api/items?limit=1";
                long at = System.currentTimeMillis();
                long start = System.nanoTime();
                HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                        .build();
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    String line = response == null
                            ? at + " 000 none " + seconds
                            : at + " " + response.statusCode() + " "
                                    + response.headers().firstValue("X-Drill-Region").orElse("none") + " " + seconds;
                    synchronized (out) {
                        out.println(line);
                    }
                });
            }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
            while (!Files.exists(stop) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            ticks.shutdownNow();
            // The last requests' answers, at most their timeout.
            Thread.sleep(2_000);
        }
        System.exit(0);
    }
}

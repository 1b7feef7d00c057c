package dev.ecsdns.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Offers a constant rate of GET requests for a bounded time and prints what the client saw: the rate offered and
 * served, the share shed (503), the 99th percentile of served and of shed answers, then how long after the load
 * stopped the URL answered normally again (ten 200s in a row at 10 requests a second).
 *
 *   java -cp system/target/classes dev.ecsdns.system.OverloadRun URL RATE SECONDS
 *
 * Prints one line of key=value pairs (scripts/e2e-compose.sh reads it).
 */
public final class OverloadRun {

    private static final int NORMAL_IN_A_ROW = 10;

    private OverloadRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        int rate = Integer.parseInt(args[1]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
        LoadStream stream = LoadStream.start(url, rate, duration);
        stream.sleepUntil(duration);
        long loadEnded = System.nanoTime();
        double recovery = secondsUntilNormal(url, loadEnded);
        List<LoadStream.Result> results = stream.await();
        List<LoadStream.Result> served = only(results, r -> r.status() >= 200 && r.status() < 300);
        List<LoadStream.Result> shed = only(results, r -> r.status() == 503);
        Map<Integer, Long> statuses = results.stream()
            .collect(Collectors.groupingBy(LoadStream.Result::status, TreeMap::new, Collectors.counting()));
        System.out.printf("offered_rps=%d served_rps=%.0f shed_share=%.3f served_p99_ms=%d shed_p99_ms=%d"
                + " requests=%d statuses=%s recovery_s=%.1f%n",
            rate, served.size() / (double) duration.toSeconds(), shed.size() / (double) results.size(),
            LoadStream.percentile(served, 0.99), LoadStream.percentile(shed, 0.99), results.size(),
            statuses.toString().replace(" ", ""), recovery);
    }

    /** Seconds from the end of the load until the first of ten 200s in a row; -1 when that took over 60 s. */
    private static double secondsUntilNormal(String url, long loadEnded) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int inARow = 0;
        long firstOk = 0;
        while (System.nanoTime() - loadEnded < Duration.ofSeconds(60).toNanos()) {
            long sent = System.nanoTime();
            int status;
            try {
                status = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = 0;
            }
            if (status == 200) {
                firstOk = inARow++ == 0 ? sent : firstOk;
                if (inARow == NORMAL_IN_A_ROW) {
                    return Math.max(0, firstOk - loadEnded) / 1e9;
                }
            } else {
                inARow = 0;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    private static List<LoadStream.Result> only(List<LoadStream.Result> results, Predicate<LoadStream.Result> which) {
        return results.stream().filter(which).toList();
    }
}

package dev.ecsdns.bench;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Creates the item the read benchmarks fetch, through api (so the whole write path works before we measure). */
final class Items {

    private Items() {
    }

    /** POSTs an item to api's /api/items and returns its id. */
    static String create(String apiHost, int apiPort) {
        try {
            Http.Response response = Http.postJson(apiHost, apiPort, "/api/items", "{\"name\":\"bench item\",\"quantity\":7}",
                "Idempotency-Key: " + UUID.randomUUID() + "\r\n");
            if (response.status() != 201 && response.status() != 200) {
                throw new IllegalStateException("create item: " + response.status() + " " + response.body());
            }
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
            if (!id.find()) {
                throw new IllegalStateException("no id in " + response.body());
            }
            return id.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("create item: " + e, e);
        }
    }
}

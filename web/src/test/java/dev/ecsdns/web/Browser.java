package dev.ecsdns.web;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Does what a browser without JavaScript does: loads pages and submits their forms with every field the form holds
 * (hidden ones included), letting a test change what a person would type.
 */
final class Browser {

    private final BlockingHttpClient http;

    Browser(HttpClient client) {
        this.http = client.toBlocking();
    }

    Reply get(String uri) {
        return exchange(HttpRequest.GET(uri));
    }

    Document open(String uri) {
        return get(uri).document();
    }

    Reply submit(Element form, Map<String, String> typed) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.val()));
        fields.putAll(typed);
        return exchange(HttpRequest.POST(form.attr("action"), fields).contentType(MediaType.APPLICATION_FORM_URLENCODED));
    }

    Reply exchange(HttpRequest<?> request) {
        try {
            HttpResponse<String> response = http.exchange(request, Argument.STRING, Argument.STRING);
            return new Reply(response, response.getBody().orElse(""));
        } catch (HttpClientResponseException e) {
            return new Reply(e.getResponse(), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    /** A response and its body as text, whatever the status. */
    record Reply(HttpResponse<?> response, String body) {

        int status() {
            return response.code();
        }

        String header(String name) {
            return response.getHeaders().get(name);
        }

        Document document() {
            return Jsoup.parse(body);
        }
    }
}

package dev.ecsdns.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A grammar of requests that break the contract: a request the contract allows (a create, a replace at the current
 * version, a delete, a list, a form post), then one to three mutations, each of which alone makes the request one that
 * must be refused. Whatever the mix, the answer must be a 4xx and the table must not change.
 */
final class HostileRequests {

    /** Where a request goes; the prefix is the items collection's path there. */
    enum Target { API, DATABASE, WEB }

    /** A request, its bytes, and what was done to it (printed when it fails). */
    record Request(Target target, String kind, byte[] bytes) {

        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder(target + " " + kind + "\n");
            for (int i = 0; i < bytes.length && shown.length() < 1500; i++) {
                int b = bytes[i] & 0xff;
                shown.append(b == '\n' ? "\\n\n" : b == '\r' ? "\\r" : b >= 0x20 && b < 0x7f ? String.valueOf((char) b)
                    : String.format("\\x%02x", b));
            }
            return bytes.length > 1500 ? shown + "... (" + bytes.length + " bytes)" : shown.toString();
        }
    }

    static final String SEED_KEY = "seed-key-1";

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final int[][] NOT_UTF8 = {
        {0xff}, {0xfe}, {0x80}, {0xc0, 0xaf}, {0xe0, 0x80, 0xaf}, {0xed, 0xa0, 0x80}, {0xed, 0xbf, 0xbf},
        {0xf8, 0x88, 0x80, 0x80, 0x80}, {0xf4, 0x90, 0x80, 0x80}, {0xc3}, {0xe2, 0x82}, {0xe9}};
    private static final String[] BAD_QUANTITIES = {"-1", "1000001", "1.5", "1e7", "1E400", "0x10", "+1", "01", "NaN",
        "Infinity", "-Infinity", ".5", "5.", "1e", "\"5\"", "true", "null", "[]", "{}", "99999999999999999999", "-0.5",
        "1e-1", "2147483648", "-2147483649", "0.0000001", "1" + "0".repeat(1200)};
    private static final String[] BAD_NAMES = {"\"\"", "\"   \"", "\"\\t\\n\"", "42", "null", "true", "[\"a\"]",
        "{\"a\":1}", "\"" + "n".repeat(101) + "\""};
    private static final String[] BAD_IF_MATCH = {"1", "\"abc\"", "W/\"1\"", "*", "\"0\"", "\"1\", \"2\"", "", "\"1",
        "\"-1\"", "\"1000000000000000000\"", "'1'", "\"1 \""};
    private static final String[] BAD_KEYS = {"", " ", "a b", "a/b", "k".repeat(101), "caf\u00e9", "a,b", "\"k\""};
    private static final String[] BAD_JSON_TYPES = {null, "text/plain", "application/xml", "application/json; charset=latin1",
        "application/json; charset=ISO-8859-1", "application/json; charset=utf-16", "application/json; charset=bogus",
        "application/json; charset=utf-8; v=2", "application/json-patch+json", "multipart/form-data; boundary=x",
        FORM, "text/json", "application/*", "*/*", "json"};
    private static final String[] BAD_FORM_TYPES = {null, "text/plain", JSON, FORM + "; charset=latin1",
        FORM + "; charset=bogus", FORM + "; charset=utf-16", "multipart/form-data; boundary=x", "application/*"};
    private static final String[] HOSTILE_IDS = {".", "..", "%2e%2e", "%2F", "a%2Fb", "%3F", "%3Flimit=1", "%23", "*",
        "~", "%00", "%ff", "%C0%AF", "%ED%A0%80", "%E2%80%AE", "..%2F..%2Fitems", "%25", "%20", "a;b=c", "null",
        "undefined", "-1", "0", "%7B%7D", "%3Cscript%3E", "idem%23" + SEED_KEY, "idem#" + SEED_KEY, "x".repeat(200),
        "y".repeat(2000)};
    private static final String[] METHODS = {"PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO", "get", "M-SEARCH"};

    private final List<String> itemIds;
    private final Random random;
    private final List<String> kinds = new ArrayList<>();

    HostileRequests(List<String> itemIds, Random random) {
        this.itemIds = itemIds;
        this.random = random;
    }

    Request next() {
        kinds.clear();
        int roll = random.nextInt(100);
        Target target = roll < 45 ? Target.API : roll < 80 ? Target.DATABASE : Target.WEB;
        byte[] bytes = target == Target.WEB ? webRequest() : itemsRequest(target == Target.API ? "/api/items" : "/items");
        return new Request(target, String.join(", ", kinds), bytes);
    }

    private byte[] itemsRequest(String items) {
        int shape = random.nextInt(100);
        if (shape < 30) {
            return jsonWrite("POST", items, true);
        }
        if (shape < 55) {
            return jsonWrite("PUT", items + "/" + pick(itemIds), false);
        }
        if (shape < 65) {
            return delete(items);
        }
        if (shape < 75) {
            return list(items);
        }
        if (shape < 83) {
            return read(items);
        }
        if (shape < 93) {
            return wrongMethod(items);
        }
        return oversized(items);
    }

    /** A create or a replace at the current version, then 1 to 3 mutations of its body, headers or framing. */
    private byte[] jsonWrite(String method, String path, boolean create) {
        List<String> members = new ArrayList<>(List.of("\"name\":\"" + validName() + "\"",
            "\"quantity\":" + random.nextInt(1_000_001)));
        List<String> headers = new ArrayList<>();
        String contentType = JSON;
        if (create && random.nextInt(4) == 0) {
            headers.add("Idempotency-Key: k-" + Long.toHexString(random.nextLong()));
        }
        if (!create) {
            headers.add("If-Match: \"1\"");
        }
        byte[] insertIntoName = null;
        String wholeBody = null;
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(create ? 15 : 14)) {
                case 0 -> insertIntoName = bytes(pick(NOT_UTF8), "invalid UTF-8");
                case 1 -> setMember(members, "name", "\"a" + loneSurrogate() + "b\"");
                case 2 -> setMember(members, "name", "\"a" + controlEscape() + "b\"");
                case 3 -> setMember(members, "name", "\"a" + note((char) random.nextInt(0x20), "raw control") + "b\"");
                case 4 -> setMember(members, "quantity", note(pick(BAD_QUANTITIES), "bad quantity"));
                case 5 -> setMember(members, "name", note(pick(BAD_NAMES), "bad name"));
                case 6 -> members.add(random.nextInt(members.size() + 1), duplicate(members));
                case 7 -> members.add(note("\"" + unknownField() + "\":" + nested(), "unknown field"));
                case 8 -> {
                    // Every member of the field goes, so that no later mutation can leave exactly one behind.
                    String field = pick(new String[] {"name", "quantity"});
                    members.removeIf(member -> isMember(member, field));
                    note(field, "missing " + field);
                }
                case 9 -> wholeBody = wholeBodyMutation();
                case 10 -> contentType = note(pick(BAD_JSON_TYPES), "content type");
                case 11 -> headers.add(note(hugeHeader(), "header over 8 KiB"));
                case 12 -> contentType = note(JSON + "\r\nContent-Type: " + JSON, "two content types");
                case 13 -> {
                    if (create) {
                        headers.add("Idempotency-Key: " + note(pick(BAD_KEYS), "bad Idempotency-Key"));
                    } else {
                        replaceHeader(headers, "If-Match", random.nextInt(4) == 0 ? null
                            : note(pick(BAD_IF_MATCH), "bad If-Match"));
                    }
                }
                default -> {
                    headers.removeIf(h -> h.startsWith("Idempotency-Key"));
                    headers.add(note("Idempotency-Key: " + SEED_KEY, "seed key, another body"));
                }
            }
        }
        if (!create && headers.stream().noneMatch(h -> h.startsWith("If-Match")) && !kinds.contains("no If-Match")) {
            kinds.add("no If-Match");
        }
        byte[] body = wholeBody != null ? wholeBody.getBytes(StandardCharsets.UTF_8)
            : ("{" + String.join(",", members) + "}").getBytes(StandardCharsets.UTF_8);
        if (insertIntoName != null && wholeBody == null) {
            body = insertAfter(body, "\"name\":\"".getBytes(StandardCharsets.UTF_8), insertIntoName);
        }
        if (contentType != null) {
            headers.add("Content-Type: " + contentType);
        }
        return framed(method, path, headers, body);
    }

    private byte[] delete(String items) {
        List<String> headers = new ArrayList<>();
        String id;
        if (random.nextBoolean()) {
            id = pick(itemIds);
            headers.add("If-Match: " + note(pick(BAD_IF_MATCH), "bad If-Match"));
            if (random.nextBoolean()) {
                headers.add("If-Match: \"1\"");
                note("", "two If-Match");
            }
        } else {
            id = note(pick(HOSTILE_IDS), "hostile id");
            if (random.nextBoolean()) {
                headers.add("If-Match: \"1\"");
            }
        }
        return framed("DELETE", items + "/" + id, headers, null);
    }

    private byte[] list(String items) {
        List<String> query = new ArrayList<>();
        switch (random.nextInt(5)) {
            case 0 -> query.add("limit=" + note(pick(new String[] {"0", "101", "-1", "1e1", "abc", "", "%20 5", "5.0",
                "1000", "0x10", "%EF%BC%95", "5%00"}), "bad limit"));
            case 1 -> query.addAll(List.of("limit=5", note("limit=5", "repeated limit")));
            case 2 -> query.add("cursor=" + note(pick(new String[] {"", "garbage", "%ff%fe", "not*base64",
                "aGVsbG8", "aWRlbSM", "%00", "x".repeat(500)}), "bad cursor"));
            case 3 -> query.add(note(pick(new String[] {"limit=%", "limit=%zz", "%=1&limit=0", "limit=%G1"}),
                "malformed escape"));
            default -> query.addAll(List.of("cursor=garbage", note("limit=0", "two bad parameters")));
        }
        if (random.nextBoolean()) {
            query.add(random.nextInt(query.size() + 1), "extra=" + random.nextInt(10));
        }
        return framed("GET", items + "?" + String.join("&", query), List.of(), null);
    }

    private byte[] read(String items) {
        return framed("GET", items + "/" + note(pick(HOSTILE_IDS), "hostile id"), List.of(), null);
    }

    private byte[] wrongMethod(String items) {
        String path = random.nextBoolean() ? items : items + "/" + pick(itemIds);
        String method = random.nextInt(3) == 0 ? (path.equals(items) ? pick(new String[] {"PUT", "DELETE"}) : "POST")
            : pick(METHODS);
        note(method, "method " + method);
        byte[] body = ("{\"name\":\"" + validName() + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8);
        return framed(method, path, List.of("Content-Type: " + JSON, "If-Match: \"1\""), random.nextBoolean() ? body : null);
    }

    private byte[] oversized(String items) {
        if (random.nextBoolean()) {
            note("", "body over 64 KiB");
            String name = "x".repeat(65_536 + random.nextInt(4096));
            return framed("POST", items, List.of("Content-Type: " + JSON),
                ("{\"name\":\"" + name + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8));
        }
        note("", "request line over 4 KiB");
        return framed("GET", items + "/" + "z".repeat(4100 + random.nextInt(4096)), List.of(), null);
    }

    /** The add, change and delete forms with their fields mutated, or a method the page's routes do not take. */
    private byte[] webRequest() {
        int shape = random.nextInt(100);
        String id = pick(itemIds);
        if (shape < 10) {
            String[][] routes = {{"GET", "/items"}, {"PUT", "/items/" + id}, {"DELETE", "/items/" + id},
                {"PATCH", "/"}, {"POST", "/"}, {"GET", "/items/" + id + "/delete"}, {"DELETE", "/"}};
            String[] route = routes[random.nextInt(routes.length)];
            note("", "method " + route[0] + " " + route[1]);
            return framed(route[0], route[1], List.of(), null);
        }
        if (shape < 25) {
            List<String> fields = new ArrayList<>(List.of("cursor="));
            String version = random.nextInt(3) == 0 ? null : note(pick(new String[] {"", "abc", "-1", "1.0", "%FF",
                "99999999999999999999", "1%00", "%"}), "bad version");
            if (version != null) {
                fields.add("version=" + version);
            } else {
                note("", "no version");
            }
            return framed("POST", "/items/" + id + "/delete", List.of("Content-Type: " + FORM),
                String.join("&", fields).getBytes(StandardCharsets.UTF_8));
        }
        boolean add = shape < 65;
        List<String> fields = new ArrayList<>(List.of("name=" + validName(), "quantity=" + random.nextInt(1000)));
        fields.add(add ? "idempotencyKey=k-" + Long.toHexString(random.nextLong()) : "version=1");
        String contentType = FORM;
        byte[] insertIntoName = null;
        int mutations = 1 + random.nextInt(2);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(10)) {
                case 0 -> insertIntoName = bytes(pick(NOT_UTF8), "raw invalid UTF-8");
                case 1 -> fields.set(0, "name=a" + note(pick(new String[] {"%FF", "%C0%AF", "%ED%A0%80", "%E9", "%80",
                    "%F8%88%80%80%80"}), "escaped invalid UTF-8") + "b");
                case 2 -> fields.set(0, "name=a" + note(pick(new String[] {"%", "%z", "%G1", "%%", "%1"}), "broken escape"));
                case 3 -> fields.set(0, "name=a" + note(String.format("%%%02X", controlCode()), "control character") + "b");
                case 4 -> fields.add(random.nextInt(fields.size() + 1), note(fields.get(random.nextInt(2)), "repeated field"));
                case 5 -> fields.add(note("extra", "unknown field") + "=1");
                case 6 -> contentType = note(pick(BAD_FORM_TYPES), "content type");
                case 7 -> fields.set(1, "quantity=" + note(pick(new String[] {"", "abc", "1.5", "1e3", "-1",
                    "1000001", "99999999999", "%EF%BC%91", "0x1"}), "bad quantity"));
                case 8 -> fields.set(0, "name=" + note("n".repeat(101 + random.nextInt(50)), "name too long"));
                default -> {
                    if (add) {
                        fields.set(2, "idempotencyKey=" + note(pick(new String[] {"a%2Fb", "%00", "k".repeat(101),
                            "a+b", "%E9"}), "bad idempotencyKey"));
                    } else {
                        fields.set(2, "version=" + note(pick(new String[] {"", "abc", "7"}), "bad version"));
                    }
                }
            }
        }
        byte[] body = String.join("&", fields).getBytes(StandardCharsets.UTF_8);
        if (insertIntoName != null) {
            body = insertAfter(body, "name=".getBytes(StandardCharsets.UTF_8), insertIntoName);
        }
        List<String> headers = contentType == null ? List.of() : List.of("Content-Type: " + contentType);
        return framed("POST", add ? "/items" : "/items/" + id, headers, body);
    }

    /** The head, then the body with its length, chunked, or (rarely) framed so that no server can trust it. */
    private byte[] framed(String method, String target, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
            + "Connection: close\r\n");
        headers.forEach(h -> head.append(h).append("\r\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int framing = body == null ? -1 : random.nextInt(20);
        if (body == null) {
            head.append("\r\n");
        } else if (framing < 15) {
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        } else if (framing < 18) {
            note("", "chunked");
            head.append("Transfer-Encoding: chunked\r\n\r\n");
        } else {
            head.append(note(pick(new String[] {"Content-Length: -1\r\n", "Content-Length: 1x\r\n",
                "Content-Length: " + body.length + "\r\nContent-Length: " + (body.length + 1) + "\r\n",
                "Content-Length: " + body.length + "\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: chunked, identity\r\n"}), "broken framing").strip().replace("\r\n", "\r\n"))
                .append("\r\n\r\n");
        }
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null && framing >= 15 && framing < 18) {
            int at = 0;
            while (at < body.length) {
                int size = Math.min(body.length - at, 1 + random.nextInt(64));
                out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, size);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                at += size;
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private String wholeBodyMutation() {
        String valid = "{\"name\":\"" + validName() + "\",\"quantity\":1}";
        return switch (random.nextInt(9)) {
            case 0 -> note("\ufeff" + valid, "BOM");
            case 1 -> valid + note(pick(new String[] {"x", "}", ",", "{}", "null", ";", "]", "\u0000", "//"}), "trailing garbage");
            case 2 -> note(valid.substring(0, 1 + random.nextInt(valid.length() - 1)), "truncated");
            case 3 -> note(pick(new String[] {"[]", "\"item\"", "42", "null", "true", "[" + valid + "]"}), "not an object");
            case 4 -> note(pick(new String[] {"", " ", "\r\n", "\t"}), "empty body");
            case 5 -> note(pick(new String[] {"{'name':'a','quantity':1}", "{\"name\":\"a\",/*c*/\"quantity\":1}",
                "{\"name\":\"a\",\"quantity\":1,}", "{name:\"a\",quantity:1}", "{\"name\":\"a\" \"quantity\":1}"}), "syntax");
            case 6 -> note("[".repeat(500 + random.nextInt(20_000)), "deep nesting");
            case 7 -> note(valid.replace("}", ",\"x\":" + "{\"a\":".repeat(1001) + "1" + "}".repeat(1001) + "}"),
                "nesting over 1000");
            default -> note(valid + valid, "two objects");
        };
    }

    /** A second member for a field the body already has (a missing field stays missing: that is its mutation). */
    private String duplicate(List<String> members) {
        boolean hasName = members.stream().anyMatch(m -> isMember(m, "name"));
        boolean hasQuantity = members.stream().anyMatch(m -> isMember(m, "quantity"));
        if (hasName && (!hasQuantity || random.nextBoolean())) {
            String key = random.nextBoolean() ? "name" : "n\\u0061me";
            return note("\"" + key + "\":\"" + validName() + "\"", "duplicate name as " + key);
        }
        if (hasQuantity) {
            return note("\"quantity\":" + random.nextInt(10), "duplicate quantity");
        }
        return note("\"price\":1", "unknown field");
    }

    private String unknownField() {
        return pick(new String[] {"id", "version", "createdAt", "price", "Name", "name ", "__proto__", "constructor",
            "\\u0000", "\\ud800", ""});
    }

    /** A value for an unknown field: plain, or nested up to a depth the parser still accepts. */
    private String nested() {
        int depth = random.nextInt(4) == 0 ? 1 + random.nextInt(900) : 0;
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    private String loneSurrogate() {
        int high = 0xd800 + random.nextInt(0x400);
        int low = 0xdc00 + random.nextInt(0x400);
        return note(switch (random.nextInt(3)) {
            case 0 -> String.format("\\u%04x", high);
            case 1 -> String.format("\\u%04x", low);
            default -> String.format("\\u%04x\\u%04x", low, high);
        }, "lone surrogate");
    }

    private String controlEscape() {
        return note(String.format("\\u%04x", controlCode()), "control character");
    }

    private int controlCode() {
        return random.nextBoolean() ? random.nextInt(0x20) : 0x7f + random.nextInt(0x21);
    }

    private String hugeHeader() {
        return "X-Padding: " + "p".repeat(8200 + random.nextInt(8000));
    }

    /** Printable names of 1 to 40 characters from several scripts, never one a seed item has. */
    private String validName() {
        String[] alphabets = {"abcdefghijklmnopqrstuvwxyz", "ABCXYZ0123456789 -_.", "\u00e9\u00fc\u00df\u0107",
            "\u65e5\u672c\u8a9e", "\u0410\u0411\u0412"};
        StringBuilder name = new StringBuilder("n");
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.toString().strip();
    }

    /** Puts the field back with an invalid value wherever it was (or first, if a mutation removed it). */
    private static void setMember(List<String> members, String field, String value) {
        int at = 0;
        for (int i = 0; i < members.size(); i++) {
            if (isMember(members.get(i), field)) {
                at = i;
            }
        }
        members.removeIf(member -> isMember(member, field));
        members.add(Math.min(at, members.size()), "\"" + field + "\":" + value);
    }

    /** Whether the member sets the field, under its plain name or escaped ("n\\u0061me" is "name" to a parser). */
    private static boolean isMember(String member, String field) {
        return member.startsWith("\"" + field + "\":") || field.equals("name") && member.startsWith("\"n\\u0061me\":");
    }

    private static void replaceHeader(List<String> headers, String name, String value) {
        headers.removeIf(h -> h.startsWith(name + ":"));
        if (value != null) {
            headers.add(name + ": " + value);
        }
    }

    private byte[] bytes(int[] values, String kind) {
        note("", kind + " " + HexFormat.of().formatHex(toBytes(values)));
        return toBytes(values);
    }

    private static byte[] toBytes(int[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] insertAfter(byte[] data, byte[] marker, byte[] insert) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(new String(marker, StandardCharsets.ISO_8859_1));
        if (at < 0) {
            return data;
        }
        at += marker.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(data, 0, at);
        out.writeBytes(insert);
        out.write(data, at, data.length - at);
        return out.toByteArray();
    }

    private <T> T note(T value, String kind) {
        kinds.add(kind);
        return value;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    static Function<Random, Request> generator(List<String> itemIds) {
        return random -> new HostileRequests(itemIds, random).next();
    }
}

package dev.ecsdns.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain-socket HTTP/1.1 client for probes and set-up calls: no client library warming up in the harness, one new
 * connection per call (so a readiness probe never rides on a connection the server accepted before it was ready).
 */
final class Http {

    record Response(int status, String body) {
    }

    private Http() {
    }

    /** The status of GET path, or -1 when the connection fails or times out. */
    static int status(String host, int port, String path, int timeoutMillis) {
        try {
            return call(host, port, "GET", path, null, timeoutMillis, "").status();
        } catch (IOException e) {
            return -1;
        }
    }

    static Response get(String host, int port, String path) throws IOException {
        return call(host, port, "GET", path, null, 10_000, "");
    }

    static Response postJson(String host, int port, String path, String json, String extraHeaders) throws IOException {
        return call(host, port, "POST", path, json, 10_000, extraHeaders);
    }

    private static Response call(String host, int port, String method, String path, String body, int timeoutMillis,
                                 String extraHeaders) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n").append(extraHeaders);
            if (body != null) {
                request.append("Content-Type: application/json\r\n").append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Response parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || headerEnd < 0) {
            throw new IOException("not an HTTP response: " + text.substring(0, Math.min(80, text.length())));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, headerEnd).toLowerCase();
        byte[] body = java.util.Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
        if (headers.contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(body);
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            in.read();
            in.read();
        }
    }
}

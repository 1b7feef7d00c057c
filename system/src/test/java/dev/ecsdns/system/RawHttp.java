package dev.ecsdns.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 written byte by byte on a socket: what no client library lets a test send (bytes that are not UTF-8,
 * broken chunking, two Content-Lengths, methods of any name). One request per connection ({@code Connection: close}),
 * so the answer is everything read until the server closes.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 10_000;

    private RawHttp() {
    }

    /** The request's head and body, exactly as given: nothing added, nothing fixed. */
    static Answer exchange(InetSocketAddress server, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(server, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return Answer.parse(readAll(socket.getInputStream()));
        } catch (SocketTimeoutException hung) {
            return new Answer(-1, List.of(), "no answer within " + TIMEOUT_MILLIS + " ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // A server may reset after answering a request it did not read to the end; keep what arrived.
            if (all.size() == 0) {
                throw reset;
            }
        }
        return all.toByteArray();
    }

    /** Status, headers and body (de-chunked) of one answer; status -1 when none arrived in time. */
    record Answer(int status, List<String> headers, String body) {

        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(h -> h.substring(prefix.length()).strip()).findFirst();
        }

        static Answer parse(byte[] raw) {
            int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            String head = new String(raw, 0, Math.max(end, 0), StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.") || end < 0) {
                return new Answer(0, List.of(), new String(raw, StandardCharsets.UTF_8));
            }
            String[] lines = head.split("\r\n");
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
            byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            boolean chunked = headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).replace(" ", "")
                .equals("transfer-encoding:chunked"));
            return new Answer(status, headers, new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
            int at = 0;
            while (at < body.length) {
                int lineEnd = indexOf(body, crlf, at);
                if (lineEnd < 0) {
                    break;
                }
                String sizeLine = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].strip();
                int size = Integer.parseInt(sizeLine, 16);
                if (size == 0) {
                    break;
                }
                out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
                at = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] data, byte[] part, int from) {
            outer:
            for (int i = from; i <= data.length - part.length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (data[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }
}

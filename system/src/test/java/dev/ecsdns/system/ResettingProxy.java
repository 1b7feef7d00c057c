package dev.ecsdns.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faulty network path to an instance: it forwards each request to the real instance and reads the whole answer
 * (so the write really happened), then resets the caller's connection instead of answering. What a caller sees
 * when a task dies right after doing the work.
 */
final class ResettingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final AtomicInteger resets = new AtomicInteger();
    private final Thread acceptor;

    ResettingProxy(String ip, int port, InetSocketAddress target) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getByName(ip));
        this.target = target;
        this.acceptor = new Thread(this::acceptLoop, "resetting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int resets() {
        return resets.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket caller = server.accept();
                Thread handler = new Thread(() -> forwardThenReset(caller), "resetting-proxy-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forwardThenReset(Socket caller) {
        try (caller; Socket upstream = new Socket()) {
            byte[] request = readRequest(caller.getInputStream());
            upstream.connect(target, 1000);
            upstream.getOutputStream().write(request);
            upstream.getOutputStream().flush();
            upstream.shutdownOutput();
            upstream.getInputStream().readAllBytes();
            caller.setSoLinger(true, 0);
            resets.incrementAndGet();
        } catch (IOException e) {
            // the caller went away first: nothing to reset
        }
    }

    /** One HTTP/1.1 request: headers up to the blank line, then Content-Length bytes; sent on with Connection: close. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("caller closed");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        StringBuilder rewritten = new StringBuilder();
        for (String line : headers.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
            if (!lower.startsWith("connection:")) {
                rewritten.append(line).append("\r\n");
            }
        }
        rewritten.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(in.readNBytes(length));
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

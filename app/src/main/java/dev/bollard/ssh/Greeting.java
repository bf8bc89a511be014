package dev.bollard.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a server that is not an SSH server says, for the message when the SSH greeting fails: one
 * more short connection, made only then. It greets as an SSH client would, since many servers (a
 * web server on the port) answer only once the client has spoken.
 */
final class Greeting {
    private static final int MAX = 200;

    private Greeting() {
    }

    /** The first line the server sends, or null when it sends nothing before closing or the timeout. */
    static String firstLine(String host, int port, Duration timeout) {
        int millis = (int) Math.min(Math.max(timeout.toMillis(), 1000), 5000);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), millis);
            s.setSoTimeout(millis);
            s.getOutputStream().write("SSH-2.0-Bollard\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; line.length() < MAX && (c = in.read()) >= 0 && c != '\n'; ) {
                if (c >= 0x20 && c < 0x7f) line.append((char) c);
            }
            String text = line.toString().strip();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }
}

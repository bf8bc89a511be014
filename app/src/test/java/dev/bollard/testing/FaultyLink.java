package dev.bollard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on this machine in front of one target, for a link that is slow or bad: each chunk
 * of bytes is delivered {@code latencyMillis} after it arrived, in each direction; new connections
 * can be made to stall (accepted, never forwarded: a dead route) and live ones can be cut.
 */
public final class FaultyLink implements AutoCloseable {
    /** What the link does with a new connection. */
    public enum Mode { FORWARD, STALL }

    private final ServerSocket server;
    private final String host;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int latencyMillis;
    private volatile Mode mode = Mode.FORWARD;

    private FaultyLink(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "faulty-link-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A link to {@code host:port}, forwarding at once until told otherwise. */
    public static FaultyLink to(String host, int port) throws IOException {
        return new FaultyLink(host, port);
    }

    public int port() {
        return server.getLocalPort();
    }

    public FaultyLink latency(int millis) {
        this.latencyMillis = millis;
        return this;
    }

    public FaultyLink mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** Cuts every live connection, both ends, as a middlebox that drops its state would. */
    public void cutAll() {
        for (Socket s : open) closeQuietly(s);
        open.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                if (mode == Mode.STALL) continue; // held open, never answered
                Socket upstream = new Socket(host, port);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    /** One direction: a reader that stamps each chunk with its arrival, a writer that sends it latencyMillis later. */
    private void pipe(Socket from, Socket to) {
        LinkedBlockingQueue<Object[]> chunks = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[32 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) chunks.put(new Object[] {System.nanoTime(), Arrays.copyOf(buf, n)});
            } catch (IOException | InterruptedException e) {
                // the connection is over
            }
            chunks.add(new Object[] {System.nanoTime(), null});
        }, "faulty-link-read");
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Object[] c = chunks.take();
                    long due = (long) c[0] + TimeUnit.MILLISECONDS.toNanos(latencyMillis);
                    long wait = due - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                    if (c[1] == null) break;
                    out.write((byte[]) c[1]);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                // the connection is over
            }
            closeQuietly(from);
            closeQuietly(to);
        }, "faulty-link-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
    }
}

package dev.bollard.ssh;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;

/**
 * The connect timeout applied, as OpenSSH applies ConnectTimeout, to the whole opening of a
 * connection: the TCP connect, the greeting and the key exchange. sshj bounds only the TCP
 * connect; a server that accepts the connection and never speaks would hold its host's run
 * forever. When time is up the socket is closed, which ends sshj's wait with an error.
 */
final class Handshake {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bollard-handshake");
        t.setDaemon(true);
        return t;
    });

    private final AtomicBoolean expired = new AtomicBoolean();
    private ScheduledFuture<?> timer;

    private Handshake() {
    }

    static Handshake start(SSHClient client, Duration limit) {
        Handshake h = new Handshake();
        h.timer = TIMER.schedule(() -> {
            Socket s = client.getSocket();
            if (s == null) return;
            h.expired.set(true);
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all that was wanted
            }
        }, Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
        return h;
    }

    /** Whether the time ran out (and the socket was closed for it). */
    boolean expired() {
        return expired.get();
    }

    void cancel() {
        timer.cancel(false);
    }
}

package dev.bollard.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads a command's output stream to its end on a thread of its own, so stdout and stderr are
 * read at the same time as the caller feeds input. Not the common pool: it has one thread per
 * core but one, shared by every host's commands, so with more hosts running than cores one
 * slow command would hold up the others, and a stderr read queued behind its stdout read
 * deadlocks a command that fills its stderr pipe.
 */
public final class OutputDrain {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bollard-output");
        t.setDaemon(true);
        return t;
    });

    private OutputDrain() {
    }

    /** All bytes until end of stream; what arrived so far when the stream breaks off. */
    public static CompletableFuture<byte[]> of(InputStream in) {
        return of(in, Integer.MAX_VALUE);
    }

    /**
     * As {@link #of(InputStream)}, keeping only the last {@code cap} bytes (after a line saying how
     * much was dropped): the stream is still read to its end, so the command is never stopped by a
     * full pipe, but memory stays bounded whatever it prints.
     */
    public static CompletableFuture<byte[]> of(InputStream in, int cap) {
        return CompletableFuture.supplyAsync(() -> {
            OutputTail tail = new OutputTail(cap);
            byte[] chunk = new byte[32 * 1024];
            try (in) {
                for (int n; (n = in.read(chunk)) >= 0; ) tail.write(chunk, 0, n);
            } catch (IOException e) {
                // the stream closed early: return what arrived
            }
            return tail.withNote();
        }, THREADS);
    }
}

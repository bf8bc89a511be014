package dev.bollard.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands on the control machine itself, for {@code localhost} and {@code ansible_connection: local}. */
public final class LocalConnection implements Connection {

    @Override
    public ExecResult exec(String script, byte[] stdin, Duration timeout) throws ConnectionException {
        return exec(script, stdin, timeout, Integer.MAX_VALUE);
    }

    @Override
    public ExecResult exec(String script, byte[] stdin, Duration timeout, int keep) throws ConnectionException {
        Process p;
        try {
            p = new ProcessBuilder("sh", "-c", script).start();
        } catch (IOException e) {
            throw new ConnectionException("cannot start sh: " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = OutputDrain.of(p.getInputStream(), keep);
        CompletableFuture<byte[]> err = OutputDrain.of(p.getErrorStream(), keep);
        feed(p.getOutputStream(), stdin);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ConnectionException("command timed out after " + timeout.toSeconds() + " s");
            }
            return new ExecResult(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ConnectionException("cannot read command output: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Writes the input on a thread of its own: a command that neither reads it nor exits would
     * otherwise block the write on a full pipe, and the timeout would never start counting.
     */
    private static void feed(OutputStream in, byte[] stdin) {
        Thread t = new Thread(() -> {
            try (in) {
                if (stdin != null && stdin.length > 0) in.write(stdin);
            } catch (IOException ignored) {
                // the command exited without reading its input; its exit code tells the rest
            }
        }, "bollard-input");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public void close() {
    }
}

package dev.bollard.report;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One line at the bottom of a terminal saying what the run is doing, redrawn a few times a second
 * and erased before anything else is printed, so it never mixes with the output. Only for a
 * terminal: never with {@code --json} or when the output goes to a pipe or a file.
 */
public final class StatusLine implements AutoCloseable {
    private static final String ERASE = "\r\033[K";
    private final PrintStream terminal;
    private final Supplier<String> text;
    private final Object lock = new Object();
    private final Thread painter;
    private boolean shown;
    private volatile boolean closed;

    public StatusLine(PrintStream terminal, Supplier<String> text, long everyMillis) {
        this.terminal = terminal;
        this.text = text;
        this.painter = new Thread(() -> {
            while (!closed) {
                paint();
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bollard-status");
        painter.setDaemon(true);
        painter.start();
    }

    /** The stream the rest of the output goes through: each write first erases the status line. */
    public PrintStream stream() {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (lock) {
                    erase();
                    terminal.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                terminal.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    private void paint() {
        String now = text.get();
        synchronized (lock) {
            if (closed || now == null || now.isEmpty()) return;
            terminal.print(ERASE + now);
            terminal.flush();
            shown = true;
        }
    }

    private void erase() {
        if (shown) {
            terminal.print(ERASE);
            shown = false;
        }
    }

    @Override
    public void close() {
        closed = true;
        painter.interrupt();
        synchronized (lock) {
            erase();
            terminal.flush();
        }
    }

    static void closeQuietly(StatusLine line) {
        if (line != null) line.close();
    }
}

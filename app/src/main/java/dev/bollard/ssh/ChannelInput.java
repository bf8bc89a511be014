package dev.bollard.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * Feeds a command's standard input no faster than the channel's window allows, then sends end of
 * file. A write that waits for window space holds sshj's stream lock, and the connection's reader
 * thread needs that lock to handle the channel's close: with a command that exits without reading
 * all of its input, every channel of the connection would stall until sshj's 30 s window timeout.
 * Writing only what the window takes never waits inside sshj; when the window is full this
 * polls, and it stops as soon as the command has ended.
 */
final class ChannelInput {
    private static final long POLL_MILLIS = 2;

    private ChannelInput() {
    }

    static void send(Session.Command cmd, byte[] data, long deadline) throws TimeoutException, InterruptedException {
        OutputStream in = cmd.getOutputStream();
        int at = 0;
        try {
            while (data != null && at < data.length && !ended(cmd)) {
                long window = cmd.getRemoteWinSize();
                if (window <= 0) {
                    if (System.nanoTime() - deadline > 0) throw new TimeoutException("the command did not read its input");
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                int n = (int) Math.min(data.length - at, Math.min(window, cmd.getRemoteMaxPacketSize()));
                in.write(data, at, n);
                in.flush();
                at += n;
            }
            if (!ended(cmd)) in.close();
        } catch (IOException ignored) {
            // the command closed its input or ended without reading it all; its exit status says what happened
        }
    }

    /**
     * The command has exited (or the channel is gone): nothing more it could read. Not the server's
     * end of file: a command may close its output and still read its input.
     */
    private static boolean ended(Session.Command cmd) {
        return !cmd.isOpen() || cmd.getExitStatus() != null;
    }
}

package dev.bollard.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets with Nagle's algorithm off. SSH sends many small packets that each wait for an answer
 * (a channel open, an exec request); with Nagle on, each of them can sit out the peer's delayed
 * ACK, about 40 ms, which made every command cost ten times its real round trip.
 */
final class NoDelaySocketFactory extends SocketFactory {
    static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    @Override
    public Socket createSocket() throws IOException {
        return tuned(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tuned(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tuned(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tuned(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return tuned(new Socket(address, port, localAddress, localPort));
    }

    private static Socket tuned(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }
}

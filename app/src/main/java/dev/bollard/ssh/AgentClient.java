package dev.bollard.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of ssh-agent over its unix socket ({@code SSH_AUTH_SOCK}), speaking the two requests a
 * login needs: the list of identities, and a signature by one of them (draft-miller-ssh-agent).
 * Each request uses its own connection, so one client serves concurrent logins.
 */
public final class AgentClient {
    private static final byte FAILURE = 5;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** SIGN_REQUEST flags choosing the hash of an RSA signature. */
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;

    /** One key the agent holds: its public key blob as SSH encodes it, and its comment. */
    public record Identity(byte[] blob, String comment) {
        /** The key type named in the blob ({@code ssh-ed25519}, {@code ssh-rsa}, {@code ecdsa-sha2-nistp256}, ...). */
        public String type() {
            ByteBuffer b = ByteBuffer.wrap(blob);
            int n = b.getInt();
            return new String(blob, 4, n, StandardCharsets.US_ASCII);
        }
    }

    private final Path socket;

    public AgentClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    public List<Identity> identities() throws IOException {
        ByteBuffer answer = request(new byte[] {REQUEST_IDENTITIES});
        byte type = answer.get();
        if (type != IDENTITIES_ANSWER) throw new IOException("ssh-agent at " + socket + " refused to list its keys (answer " + type + ")");
        int n = answer.getInt();
        List<Identity> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] blob = string(answer);
            String comment = new String(string(answer), StandardCharsets.UTF_8);
            out.add(new Identity(blob, comment));
        }
        return out;
    }

    /** The agent's signature of {@code data}, as SSH encodes a signature (algorithm name and signature bytes). */
    public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write(SIGN_REQUEST);
        putString(req, keyBlob);
        putString(req, data);
        putInt(req, flags);
        ByteBuffer answer = request(req.toByteArray());
        byte type = answer.get();
        if (type == FAILURE) throw new IOException("ssh-agent at " + socket + " refused to sign (key locked or confirmation denied?)");
        if (type != SIGN_RESPONSE) throw new IOException("ssh-agent at " + socket + " gave an unexpected answer " + type);
        return string(answer);
    }

    private ByteBuffer request(byte[] body) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(4 + body.length);
            out.putInt(body.length).put(body).flip();
            while (out.hasRemaining()) ch.write(out);
            ByteBuffer len = readFully(ch, 4);
            int n = len.getInt();
            if (n <= 0 || n > 256 * 1024) throw new IOException("ssh-agent at " + socket + " sent a bad message length " + n);
            return readFully(ch, n);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("ssh-agent")) throw e;
            throw new IOException("cannot talk to ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) throw new IOException("ssh-agent closed the connection");
        }
        return b.flip();
    }

    private static byte[] string(ByteBuffer b) throws IOException {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) throw new IOException("ssh-agent sent a malformed answer");
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static void putString(ByteArrayOutputStream out, byte[] s) {
        putInt(out, s.length);
        out.writeBytes(s);
    }

    private static void putInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}

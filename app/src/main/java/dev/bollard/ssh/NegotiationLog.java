package dev.bollard.ssh;

import java.security.PublicKey;
import java.util.List;
import java.util.function.Consumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.NegotiatedAlgorithms;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * What {@code -vvvv} shows of an SSH connection, as {@code ssh -v} does: the server's version, the
 * key exchange, cipher and MAC chosen, the host key's type and SHA256 fingerprint, the
 * authentication methods tried and the one that worked. Never a password or a passphrase: only
 * names of methods and key files.
 */
final class NegotiationLog {
    static final NegotiationLog OFF = new NegotiationLog(null, "");
    private final Consumer<String> out;
    private final String prefix;

    NegotiationLog(Consumer<String> out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    boolean on() {
        return out != null;
    }

    void say(String line) {
        if (out != null) out.accept(prefix + line);
    }

    /** Logs the algorithms both sides agreed on, once the key exchange has chosen them. */
    void watch(SSHClient client) {
        if (out == null) return;
        client.getTransport().addAlgorithmsVerifier(a -> {
            say("kex " + a.getKeyExchangeAlgorithm() + ", host key algorithm " + a.getSignatureAlgorithm());
            say("cipher " + a.getClient2ServerCipherAlgorithm() + " (out), " + a.getServer2ClientCipherAlgorithm() + " (in); mac "
                    + mac(a.getClient2ServerMACAlgorithm(), a.getClient2ServerCipherAlgorithm()) + " (out), "
                    + mac(a.getServer2ClientMACAlgorithm(), a.getServer2ClientCipherAlgorithm()) + " (in)"
                    + compression(a));
            return true;
        });
    }

    /** An AEAD cipher (chacha20-poly1305, AES-GCM) authenticates by itself: the MAC negotiated beside it is not used. */
    private static String mac(String mac, String cipher) {
        boolean aead = cipher != null && (cipher.contains("poly1305") || cipher.contains("gcm"));
        return aead || mac == null || mac.isEmpty() || mac.equals("none") ? "implied by the cipher" : mac;
    }

    private static String compression(NegotiatedAlgorithms a) {
        String c = a.getClient2ServerCompressionAlgorithm();
        return c == null || c.equals("none") ? "" : "; compression " + c;
    }

    /** The server's version string, as it greeted. */
    void connected(SSHClient client, String target) {
        if (out == null) return;
        say("connected to " + target + ", server version SSH-2.0-" + client.getTransport().getServerVersion()
                + ", ours SSH-2.0-" + client.getTransport().getClientVersion());
    }

    /** {@code verifier} as it was, telling the host key it is shown first. */
    HostKeyVerifier recording(HostKeyVerifier verifier) {
        if (out == null) return verifier;
        return new HostKeyVerifier() {
            @Override
            public boolean verify(String host, int port, PublicKey key) {
                boolean ok = verifier.verify(host, port, key);
                say("host key " + KeyType.fromKey(key) + " " + KnownHostsVerifier.fingerprint(key) + (ok ? " accepted" : " refused"));
                return ok;
            }

            @Override
            public List<String> findExistingAlgorithms(String host, int port) {
                return verifier.findExistingAlgorithms(host, port);
            }
        };
    }
}

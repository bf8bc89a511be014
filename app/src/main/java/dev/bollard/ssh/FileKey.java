package dev.bollard.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * A private key file, decrypted only when the server accepts its public key (as ssh asks for a
 * passphrase only then). When decryption fails it remembers why, so that the login error can say
 * "private key FILE is encrypted: ..." instead of blaming the server.
 */
final class FileKey implements KeyProvider {
    private final Path file;
    private final KeyPassphrases passphrases;
    private final KeyProvider delegate;
    private volatile boolean asked;
    private volatile boolean missing;
    private volatile String problem;

    FileKey(SSHClient client, Path file, KeyPassphrases passphrases) throws IOException {
        this.file = file;
        this.passphrases = passphrases;
        this.delegate = client.loadKeys(file.toString(), new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                asked = true;
                String p = passphrases.passphrase(file);
                missing = p == null;
                return p == null ? new char[0] : p.toCharArray();
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        });
    }

    Path file() {
        return file;
    }

    /** Why the key could not be decrypted, or null. */
    String problem() {
        return problem;
    }

    @Override
    public PrivateKey getPrivate() throws IOException {
        try {
            return delegate.getPrivate();
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public PublicKey getPublic() throws IOException {
        try {
            return delegate.getPublic();
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public KeyType getType() throws IOException {
        try {
            return delegate.getType();
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
    }

    private IOException failed(Exception e) {
        if (asked) {
            problem = "private key " + file + " is encrypted: " + (missing
                    ? "no passphrase (set " + KeyPassphrases.ENV + ", or run on a terminal to be asked)"
                    : "wrong passphrase" + (passphrases.fromEnvironment() ? " in " + KeyPassphrases.ENV : ""));
        } else {
            problem = "cannot read private key " + file + ": " + e.getMessage();
        }
        return new IOException(problem, e);
    }

    @Override
    public String toString() {
        return "key " + file;
    }
}

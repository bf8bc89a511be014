package dev.bollard.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * known_hosts checking with the two outcomes a user must be able to tell apart: an unknown host
 * (recorded under ACCEPT_NEW) and a changed key (always refused). It remembers which happened so
 * the connection error can say it in one line.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {
    enum Outcome { NONE, UNKNOWN, CHANGED, RECORDED }

    private final boolean acceptNew;
    private volatile Outcome outcome = Outcome.NONE;
    private volatile String fingerprint;

    private KnownHostsVerifier(File file, boolean acceptNew) throws IOException {
        super(file);
        this.acceptNew = acceptNew;
    }

    static KnownHostsVerifier open(Path file, boolean acceptNew) throws IOException {
        if (acceptNew && !Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return new KnownHostsVerifier(file.toFile(), acceptNew);
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        fingerprint = SecurityUtils.getFingerprint(key);
        if (!acceptNew) {
            outcome = Outcome.UNKNOWN;
            return false;
        }
        try {
            HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
            entries().add(entry);
            write(entry);
            outcome = Outcome.RECORDED;
            return true;
        } catch (IOException e) {
            outcome = Outcome.UNKNOWN;
            return false;
        }
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        fingerprint = SecurityUtils.getFingerprint(key);
        outcome = Outcome.CHANGED;
        return false;
    }

    Outcome outcome() {
        return outcome;
    }

    String fingerprint() {
        return fingerprint;
    }
}

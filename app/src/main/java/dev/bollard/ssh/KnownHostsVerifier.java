package dev.bollard.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * known_hosts checking with the two outcomes a user must be able to tell apart: an unknown host
 * (recorded under ACCEPT_NEW, or only trusted for this run when recording is off, as in check mode)
 * and a changed key (always refused). It remembers which happened so the connection error can say
 * it in one line.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {
    enum Outcome { NONE, UNKNOWN, CHANGED, RECORDED, TRUSTED_UNRECORDED }

    private final boolean acceptNew;
    private final boolean record;
    private volatile Outcome outcome = Outcome.NONE;
    private volatile String fingerprint;

    private KnownHostsVerifier(File file, boolean acceptNew, boolean record) throws IOException {
        super(file);
        this.acceptNew = acceptNew;
        this.record = record;
    }

    static KnownHostsVerifier open(Path file, boolean acceptNew, boolean record) throws IOException {
        if (acceptNew && record && !Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another host's connection of this run made it first: both record into it
            }
        }
        return new KnownHostsVerifier(file.toFile(), acceptNew, record);
    }

    /** A key's fingerprint as OpenSSH shows it: {@code SHA256:} and the unpadded base64 of the key blob's SHA-256. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        fingerprint = fingerprint(key);
        if (!acceptNew) {
            outcome = Outcome.UNKNOWN;
            return false;
        }
        if (!record) {
            outcome = Outcome.TRUSTED_UNRECORDED;
            return true;
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
        fingerprint = fingerprint(key);
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

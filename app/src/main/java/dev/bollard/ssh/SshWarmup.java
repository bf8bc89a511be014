package dev.bollard.ssh;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Readies, on a second core while the command line, playbook and inventory are read, what the
 * first SSH connection needs: the SSH library's classes and the JDK's key exchange, signature and
 * cipher code, whose first use is slow (provider lookups, class initialisation, interpretation).
 * It touches no host and no file; whatever it fails at, the connection does again for real.
 */
public final class SshWarmup {
    private SshWarmup() {
    }

    /** Runs the warm-up on the calling thread; any failure is left for the connection to meet. */
    public static void run() {
        try {
            new net.schmizz.sshj.SSHClient(SshConnection.config()).close();
            KeyPairGenerator x = KeyPairGenerator.getInstance("X25519");
            KeyPair a = x.generateKeyPair();
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(a.getPrivate());
            ka.doPhase(x.generateKeyPair().getPublic(), true);
            byte[] secret = ka.generateSecret();
            byte[] h = MessageDigest.getInstance("SHA-256").digest(secret);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(h, 0, 16, "AES"), new GCMParameterSpec(128, new byte[12]));
            c.doFinal(new byte[64]);
            KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(ed.getPrivate());
            s.update(h);
            byte[] sig = s.sign();
            s.initVerify(ed.getPublic());
            s.update(h);
            s.verify(sig);
        } catch (Exception | LinkageError ignored) {
            // a warm-up only: the connection meets any real problem itself and reports it
        }
    }
}

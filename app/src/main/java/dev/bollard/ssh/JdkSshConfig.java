package dev.bollard.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.mac.Macs;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.SecurityUtils;

/**
 * sshj's configuration on Java's own security providers. They do all a connection needs
 * (curve25519 and ECDH key exchange, ed25519, ECDSA and RSA keys, AES-GCM and AES-CTR); registering
 * BouncyCastle as a provider, as sshj does by default, loaded some 500 classes and enumerated
 * every locale: 4 MiB and about 60 ms of CPU in a one-host run. PEM key files are still read with
 * BouncyCastle's parser, as a library; sshj's one BouncyCastle-only name, the "ECDSA" key factory,
 * is answered by {@link EcdsaKeyFactory}. Without that provider chacha20-poly1305 is unavailable,
 * so the ciphers are listed here in OpenSSH's order of preference after it, AEAD first: sshj's own
 * list would settle on aes128-ctr with hmac-sha1, and tries out some thirty ciphers on start.
 */
final class JdkSshConfig extends DefaultConfig {
    static {
        SecurityUtils.setRegisterBouncyCastle(false);
        java.security.Security.addProvider(new EcdsaKeyFactory.Alias());
    }

    JdkSshConfig() {
        // keepalive@openssh.com requests whose replies are counted, as ServerAliveCountMax needs
        setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    }

    @Override
    protected void initCipherFactories() {
        // CBC last, for old hosts that offer nothing else (OpenSSH no longer offers it by default)
        setCipherFactories(GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM(), BlockCiphers.AES128CTR(), BlockCiphers.AES192CTR(),
                BlockCiphers.AES256CTR(), BlockCiphers.AES128CBC(), BlockCiphers.AES192CBC(), BlockCiphers.AES256CBC(),
                BlockCiphers.TripleDESCBC());
    }

    @Override
    protected void initMACFactories() {
        // used only with the CTR and CBC ciphers: encrypt-then-MAC and SHA-2 first, as OpenSSH orders them
        setMACFactories(Macs.HMACSHA2256Etm(), Macs.HMACSHA2512Etm(), Macs.HMACSHA1Etm(), Macs.HMACSHA2256(), Macs.HMACSHA2512(),
                Macs.HMACSHA1());
    }
}

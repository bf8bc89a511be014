package dev.bollard.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Factory;
import org.junit.jupiter.api.Test;

class JdkSshConfigTest {
    private final JdkSshConfig config = new JdkSshConfig();

    @Test
    void readsEcdsaKeysAsHostKeysArriveWithoutBouncyCastle() throws Exception {
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            PublicKey key = g.generateKeyPair().getPublic();
            // the wire form a server sends its host key in, read back the way sshj reads it
            PublicKey read = new Buffer.PlainBuffer().putPublicKey(key).readPublicKey();
            assertArrayEquals(key.getEncoded(), read.getEncoded(), curve);
            assertTrue(KeyType.fromKey(read).toString().startsWith("ecdsa-sha2-nistp"), curve);
        }
    }

    @Test
    void prefersAeadCiphersAndEncryptThenMacInOpenSshOrder() {
        List<String> ciphers = config.getCipherFactories().stream().map(Factory.Named::getName).toList();
        assertEquals(List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr"), ciphers.subList(0, 3));
        List<String> macs = config.getMACFactories().stream().map(Factory.Named::getName).toList();
        assertEquals("hmac-sha2-256-etm@openssh.com", macs.get(0));
        assertEquals("curve25519-sha256", config.getKeyExchangeFactories().get(0).getName());
    }
}

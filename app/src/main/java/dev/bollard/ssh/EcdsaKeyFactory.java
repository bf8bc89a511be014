package dev.bollard.ssh;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.Map;

/**
 * sshj asks for ECDSA keys (ECDSA host keys, ECDSA key files) by BouncyCastle's name for the key
 * factory, "ECDSA"; Java's own is called "EC". This provider answers the first name with the second,
 * so that ECDSA works without BouncyCastle registered as a provider ({@link JdkSshConfig}).
 */
final class EcdsaKeyFactory extends KeyFactorySpi {
    /** Listed after Java's own providers: it only adds the one name they lack. */
    static final class Alias extends Provider {
        Alias() {
            super("BollardEcdsaAlias", "1", "KeyFactory.ECDSA: the EC key factory of Java's own providers");
            putService(new Service(this, "KeyFactory", "ECDSA", EcdsaKeyFactory.class.getName(), null, Map.of()) {
                @Override
                public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                    return new EcdsaKeyFactory();
                }
            });
        }
    }

    private final KeyFactory ec;

    EcdsaKeyFactory() throws NoSuchAlgorithmException {
        this.ec = KeyFactory.getInstance("EC");
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
        return ec.generatePublic(spec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
        return ec.generatePrivate(spec);
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
        return ec.getKeySpec(key, type);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
        return ec.translateKey(key);
    }
}

package dev.bollard.journal;

/**
 * What must never reach a journal: the run's secrets (passwords, decrypted vault values). Text is
 * masked; a file's earlier content that holds a secret is not kept at all, since a masked copy
 * could not be restored.
 */
public interface Redactor {
    Redactor NONE = new Redactor() {
        @Override
        public String mask(String text) {
            return text;
        }

        @Override
        public boolean reveals(byte[] content) {
            return false;
        }
    };

    /** The text with every secret replaced by a mask. */
    String mask(String text);

    /** Whether the bytes hold any secret. */
    boolean reveals(byte[] content);
}

package dev.bollard.spi;

import java.nio.file.Path;

/** Files on the control machine: a copy's {@code src}, a template. Paths resolve beside the playbook. */
public interface LocalFiles {

    /** The local file {@code src} names, or a failure saying where it was looked for. */
    Path resolve(String src) throws ModuleFailure;

    /**
     * The content of the local file {@code src} names. A file the engine can open (an Ansible
     * vault) is given decrypted, as Ansible gives a vault-encrypted {@code src}; its content is then
     * a secret of the run, kept out of every output.
     */
    default byte[] read(String src) throws ModuleFailure {
        Path file = resolve(src);
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new ModuleFailure("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Renders the FreeMarker template {@code src} with the host's variables. */
    String render(String src) throws ModuleFailure;
}

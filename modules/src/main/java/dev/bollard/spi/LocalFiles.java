package dev.bollard.spi;

import java.nio.file.Path;

/** Files on the control machine: a copy's {@code src}, a template. Paths resolve beside the playbook. */
public interface LocalFiles {

    /** The local file {@code src} names, or a failure saying where it was looked for. */
    Path resolve(String src) throws ModuleFailure;

    /** Renders the FreeMarker template {@code src} with the host's variables. */
    String render(String src) throws ModuleFailure;
}

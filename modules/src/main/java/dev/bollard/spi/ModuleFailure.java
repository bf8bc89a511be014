package dev.bollard.spi;

/** A task failed on a host for a reason a sysadmin can act on; the message is one clear line. */
public class ModuleFailure extends Exception {
    public ModuleFailure(String message) {
        super(message);
    }

    public ModuleFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

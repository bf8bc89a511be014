package dev.bollard.modules.service;

/** {@code systemd}: the same as {@code service}, under the name Ansible's systemd module has. */
public final class SystemdModule extends ServiceModule {
    @Override
    public String name() {
        return "systemd";
    }
}

package dev.bollard.modules.service;

import dev.bollard.spi.ModuleDoc;

/**
 * {@code systemd_service}: the name Ansible gave its systemd module in 2.14
 * ({@code ansible.builtin.systemd_service}); {@code systemd} is its older name. The same module.
 */
public final class SystemdServiceModule extends ServiceModule {
    private static final String EXAMPLE = """
            - name: systemd re-reads changed unit files, and ssh runs and starts at boot
              systemd_service:
                name: ssh
                state: started
                enabled: true
                daemon_reload: true
            """;

    @Override
    public String name() {
        return "systemd_service";
    }

    @Override
    public ModuleDoc doc() {
        ModuleDoc service = super.doc();
        return new ModuleDoc("The systemd module under its newer name (ansible.builtin.systemd_service); systemd and service are the "
                + "same module. " + service.summary(), service.verifies(), service.checkMode(), EXAMPLE);
    }
}

package dev.bollard.playbook;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A play: which hosts, with which variables, run which tasks and handlers. {@code gatherFacts}
 * (Ansible's {@code gather_facts}, on unless turned off) reads each host's facts before the
 * first task, limited to {@code gatherSubset} when one is given. {@code remoteUser}: the play's
 * {@code remote_user} keyword (null: not set).
 */
public record Play(String name, String hosts, Map<String, Object> vars, List<String> varsFiles, Boolean become,
                   String becomeUser, List<Task> tasks, List<Task> handlers, Location location, Path baseDir,
                   List<Role> roles, PlayControl control, boolean gatherFacts, List<String> gatherSubset,
                   String remoteUser) {

    public String displayName() {
        return name == null || name.isBlank() ? hosts : name;
    }
}

package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles laid out as Ansible's: defaults, vars, templates, files, handlers, meta dependencies, import_role. */
class RolesTest {
    @TempDir
    Path dir;

    private void write(String path, String text) throws Exception {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text.replace("DIR", dir.toString()));
    }

    private void roles() throws Exception {
        write("roles/base/defaults/main.yml", "base_motd: from base defaults\nbase_owner: nobody\n");
        write("roles/base/tasks/main.yml", """
                - name: base file
                  ansible.builtin.copy: {src: base.txt, dest: DIR/out/base.txt}
                """);
        write("roles/base/files/base.txt", "base\n");
        write("roles/web/meta/main.yml", "galaxy_info: {author: someone}\ndependencies:\n  - base\n");
        write("roles/web/defaults/main.yml", "web_port: 80\nweb_name: default-name\nweb_greeting: \"hello {{ web_name }}\"\n");
        write("roles/web/vars/main.yml", "web_user: www\n");
        write("roles/web/tasks/main.yml", """
                - name: config for {{ web_name }}
                  ansible.builtin.template: {src: web.conf.j2, dest: DIR/out/web.conf}
                  notify: restart web
                - name: marker
                  ansible.builtin.copy: {dest: DIR/out/role-path, content: "{{ role_name }} {{ role_path | basename }}"}
                """);
        write("roles/web/tasks/extra.yml", """
                - name: extra tasks
                  ansible.builtin.copy: {dest: DIR/out/extra, content: "{{ web_port }}"}
                """);
        write("roles/web/templates/web.conf.j2", "port={{ web_port }}\nuser={{ web_user }}\n{{ web_greeting }}\nmotd={{ base_motd }}\n");
        write("roles/web/handlers/main.yml", """
                - name: restart web
                  ansible.builtin.shell: echo restarted >> DIR/out/handler
                  listen: web changed
                """);
    }

    @Test
    void aPlayWithRolesRunsThemWithAnsiblesPrecedence() throws Exception {
        roles();
        Files.createDirectories(dir.resolve("out"));
        write("site.yml", """
                - hosts: all
                  vars:
                    web_port: 8080
                    web_user: play-user
                  pre_tasks:
                    - ansible.builtin.copy: {dest: DIR/out/pre, content: "pre"}
                  roles:
                    - role: web
                      vars: {web_name: site}
                    - {role: base, when: false}
                  tasks:
                    - ansible.builtin.import_role: {name: web, tasks_from: extra}
                    - ansible.builtin.copy: {dest: DIR/out/task, content: "{{ base_owner }}"}
                      notify: "web : restart web"
                """);
        Bollard.Run r = Bollard.run(dir.resolve("site.yml").toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("port=8080\nuser=www\nhello site\nmotd=from base defaults\n", Files.readString(dir.resolve("out/web.conf")),
                "play vars over role defaults, role vars over play vars, role params over both");
        assertEquals("base\n", Files.readString(dir.resolve("out/base.txt")), "the dependency ran first, with its own files/");
        assertEquals("web web", Files.readString(dir.resolve("out/role-path")));
        assertEquals("8080", Files.readString(dir.resolve("out/extra")));
        assertEquals("nobody", Files.readString(dir.resolve("out/task")), "role defaults are seen by the play's tasks");
        assertEquals("restarted\n", Files.readString(dir.resolve("out/handler")), "the handler ran once");
        assertTrue(r.out().indexOf("base file") < r.out().indexOf("config for site"), r.out());

        Bollard.Run again = Bollard.run(dir.resolve("site.yml").toString());
        assertTrue(again.out().contains("changed=0"), again.out());
        assertEquals(0, Bollard.run("verify", dir.resolve("site.yml").toString()).code());
    }

    @Test
    void aMissingRoleOrTasksFromIsALoadError() throws Exception {
        roles();
        write("site.yml", "- hosts: all\n  roles: [nope]\n");
        Bollard.Run r = Bollard.run(dir.resolve("site.yml").toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("site.yml:2: role 'nope' not found (looked in " + dir.resolve("roles/nope")), r.err());
        write("site2.yml", "- hosts: all\n  tasks:\n    - include_role: {name: web, tasks_from: missing}\n");
        Bollard.Run r2 = Bollard.run(dir.resolve("site2.yml").toString());
        assertEquals(4, r2.code(), r2.toString());
        assertTrue(r2.err().contains("role 'web' has no tasks/missing.yml"), r2.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void includeVarsReadsFilesAsAnsibleFindsThem() throws Exception {
        write("roles/os/vars/Debian.yml", "os_packages: [apt-transport-https]\n");
        write("roles/os/vars/default.yml", "os_packages: [generic]\n");
        write("roles/os/tasks/main.yml", """
                - include_vars: "{{ lookup('first_found', ['Debian.yml', 'default.yml']) }}"
                - ansible.builtin.copy: {dest: DIR/out/os, content: "{{ os_packages | join(',') }}"}
                """);
        write("vars/extra/a.yml", "a_value: 1\n");
        write("vars/extra/b.yaml", "b_value: 2\n");
        write("site.yml", """
                - hosts: all
                  roles: [os]
                  tasks:
                    - ansible.builtin.include_vars: {dir: extra, name: extra}
                    - ansible.builtin.copy: {dest: DIR/out/dir, content: "{{ extra.a_value + extra.b_value }}"}
                """);
        Files.createDirectories(dir.resolve("out"));
        write("roles/os/files/Debian.yml", "os_packages: [from-files-folder]\n");
        Bollard.Run r = Bollard.run(dir.resolve("site.yml").toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("from-files-folder", Files.readString(dir.resolve("out/os")), "first_found looks in the role's files/ first, as Ansible");
        assertEquals("3", Files.readString(dir.resolve("out/dir")));
    }

    @Test
    void osVariablesChosenOnFactsAndARescuedBlockVerify() throws Exception {
        write("roles/os/vars/Debian.yml", "os_note: debian family\n");
        write("roles/os/vars/default.yml", "os_note: anything else\n");
        write("roles/os/tasks/main.yml", """
                - name: OS variables
                  ansible.builtin.include_vars: "{{ lookup('ansible.builtin.first_found', os_vars) }}"
                  vars:
                    os_vars:
                      files: ["{{ ansible_facts.os_family }}.yml", default.yml]
                      paths: ["{{ role_path }}/vars"]
                - name: optional account
                  block:
                    - ansible.builtin.getent: {database: passwd, key: no-such-account-here}
                    - ansible.builtin.set_fact: {found: yes}
                  rescue:
                    - ansible.builtin.set_fact: {found: no}
                  always:
                    - ansible.builtin.copy: {dest: DIR/out/os, content: "{{ found }} {{ os_note is defined }}"}
                """);
        write("site.yml", "- hosts: all\n  gather_facts: true\n  roles: [os]\n");
        Files.createDirectories(dir.resolve("out"));
        Bollard.Run r = Bollard.run(dir.resolve("site.yml").toString());
        assertEquals(0, r.code(), "the mapping handed to first_found reads facts: judged at run time, not at load time\n" + r);
        assertEquals("False True", Files.readString(dir.resolve("out/os")));
        Bollard.Run verify = Bollard.run("verify", dir.resolve("site.yml").toString());
        assertEquals(0, verify.code(), "the lookup fails in verify as it did when applied, and the rescue is taken again\n" + verify);
        Files.writeString(dir.resolve("out/os"), "drift");
        assertEquals(2, Bollard.run("verify", dir.resolve("site.yml").toString()).code(), "drift in the always part is still caught");
    }
}

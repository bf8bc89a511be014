package dev.bollard.playbook;

import dev.bollard.spi.Suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {
    private static final Set<String> MODULES = Set.of("command", "shell", "copy", "lineinfile", "debug", "meta", "file");
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private PlaybookException fails(String text) throws IOException {
        Path p = write("site.yml", text);
        return assertThrows(PlaybookException.class, () -> new PlaybookLoader(MODULES).load(p));
    }

    @Test
    void readsTasksWithKeywordsAndFreeForms() throws Exception {
        Path p = write("site.yml", """
                - name: web
                  hosts: web
                  become: true
                  tasks:
                    - name: hello
                      command: echo hi
                      register: out
                      changed_when: false
                      tags: [a, b]
                    - file: path=/tmp/x state=touch mode="0644"
                    - ansible.builtin.copy:
                        dest: /etc/motd
                        content: hi
                      notify: restart
                      verify:
                        - test -f /etc/motd
                  handlers:
                    - name: restart
                      command: true
                """);
        Playbook book = new PlaybookLoader(MODULES).load(p);
        Play play = book.plays().get(0);
        assertEquals("web", play.hosts());
        assertEquals(true, play.become());
        Task hello = play.tasks().get(0);
        assertEquals("command", hello.module());
        assertEquals("echo hi", hello.args().get("cmd"));
        assertEquals("out", hello.register());
        assertEquals(false, hello.changedWhen());
        assertEquals(Set.of("a", "b"), hello.tags());
        Task file = play.tasks().get(1);
        assertEquals("0644", file.args().get("mode"));
        assertEquals("touch", file.args().get("state"));
        Task copy = play.tasks().get(2);
        assertEquals("copy", copy.module());
        assertEquals(List.of("restart"), copy.notifies());
        assertEquals(List.of("test -f /etc/motd"), copy.verify());
        assertEquals(12, copy.lineOf("dest").line());
        assertEquals(1, play.handlers().size());
    }

    @Test
    void unquotedLeadingZeroModeStaysOctalText() throws Exception {
        Path p = write("site.yml", "- hosts: all\n  tasks:\n    - file:\n        path: /x\n        mode: 0644\n");
        Task t = new PlaybookLoader(MODULES).load(p).plays().get(0).tasks().get(0);
        assertEquals("0644", String.valueOf(t.args().get("mode")));
    }

    @Test
    void importsTasksAndPlaybooksWithInheritedConditions() throws Exception {
        write("tasks/common.yml", "- name: inner\n  command: echo inner\n");
        write("other.yml", "- hosts: db\n  tasks:\n    - debug: msg=db\n");
        Path p = write("site.yml", """
                - hosts: all
                  tasks:
                    - import_tasks: tasks/common.yml
                      when: enabled
                      tags: common
                - import_playbook: other.yml
                """);
        Playbook book = new PlaybookLoader(MODULES).load(p);
        assertEquals(2, book.plays().size());
        Task inner = book.plays().get(0).tasks().get(0);
        assertEquals("inner", inner.name());
        assertEquals("enabled", inner.when());
        assertEquals(Set.of("common"), inner.tags());
        assertTrue(inner.location().toString().endsWith("common.yml:1"), inner.location().toString());
        assertEquals("db", book.plays().get(1).hosts());
    }

    @Test
    void yamlSyntaxErrorNamesFileLineAndColumn() throws Exception {
        PlaybookException e = fails("- hosts: all\n  tasks:\n    - name: x\n      command: [unclosed\n");
        assertTrue(e.getMessage().matches(".*site\\.yml:\\d+:\\d+: .*"), e.getMessage());
    }

    @Test
    void unknownModuleSuggestsAndListsKnownOnes() throws Exception {
        PlaybookException e = fails("- hosts: all\n  tasks:\n    - name: x\n      lineinfle:\n        path: /x\n");
        assertTrue(e.getMessage().contains("site.yml:4: unknown module 'lineinfle' (did you mean 'lineinfile'?)"), e.getMessage());
        assertTrue(e.getMessage().contains("known: command, copy, debug"), e.getMessage());
    }

    @Test
    void pipIsRefusedByNameWithWhatToDoInstead() throws Exception {
        for (String written : new String[] {"pip", "ansible.builtin.pip"}) {
            PlaybookException e = fails("- hosts: all\n  tasks:\n    - name: x\n      " + written + ":\n        name: requests\n");
            assertTrue(e.getMessage().contains("site.yml:4: module " + written + " is not available in Bollard: install Python packages "
                    + "from Debian (apt: python3-NAME) or with a command task"), e.getMessage());
        }
    }

    @Test
    void misspeltKeywordNextToAModuleIsReported() throws Exception {
        PlaybookException e = fails("- hosts: all\n  tasks:\n    - command: echo\n      whenn: x\n");
        assertTrue(e.getMessage().contains("site.yml:4: task has more than one module or an unknown keyword: command, whenn"), e.getMessage());
    }

    @Test
    void otherBadShapes() throws Exception {
        assertTrue(fails("- hosts: all\n  taks: []\n").getMessage().contains("site.yml:2: unknown play keyword 'taks'"));
        assertTrue(fails("- tasks: []\n").getMessage().contains("site.yml:1: play has no 'hosts:'"));
        assertTrue(fails("hosts: all\n").getMessage().contains("a playbook is a list of plays"));
        assertTrue(fails("- hosts: all\n  tasks:\n    - name: only a name\n").getMessage().contains("site.yml:3: task has no module"));
        assertTrue(fails("- hosts: all\n  tasks:\n    - command: x\n      register: bad-name\n").getMessage().contains("'register' must be a variable name"));
        assertTrue(fails("- hosts: all\n  tasks:\n    - import_tasks: missing.yml\n").getMessage().contains("site.yml:3: import_tasks of 'missing.yml': no such file (looked for "));
        assertTrue(fails("- hosts: all\n  become: maybe\n  tasks: []\n").getMessage().contains("'become' must be true or false"));
    }
}

package dev.bollard.engine;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.Param;
import java.util.Map;

/**
 * The declared arguments and documentation of the actions that run on the control machine, so
 * that they are checked and documented ({@code bollard doc debug}) like the modules.
 * {@code set_fact} takes any variable names, so it has no declaration of its own.
 */
public final class ActionSpecs {
    static final ArgSpec DEBUG = ArgSpec.of(
            Param.raw("msg", "the message to print (default: Hello world!)"),
            Param.str("var", "a variable name or an expression, printed with its value"))
            .mutuallyExclusive("msg", "var");
    static final ArgSpec ASSERT = ArgSpec.of(
            Param.raw("that", "a condition or a list of conditions (all must hold), in Jinja without {{ }}").mandatory(),
            Param.raw("fail_msg", "the message when a condition does not hold").aliases("msg"),
            Param.raw("success_msg", "the message when every condition holds"),
            Param.bool("quiet", false, "accepted as in Ansible; the result is one line either way"));
    static final ArgSpec FAIL = ArgSpec.of(Param.raw("msg", "the message (default: failed as requested)"));
    static final ArgSpec META = ArgSpec.of(
            Param.choice("action", "flush_handlers runs the handlers notified so far; noop does nothing", "flush_handlers", "noop")
                    .noDefault().mandatory());
    static final ArgSpec INCLUDE_VARS = ArgSpec.of(
            Param.str("file", "a YAML or JSON file: in the role's vars/, the playbook's vars/, or beside the playbook"),
            Param.str("free_form", "the file, written as include_vars: FILE"),
            Param.str("dir", "a folder whose files are all read, in name order"),
            Param.str("name", "put the variables under this one name instead of at the top"),
            Param.str("files_matching", "with dir: only file names matching this regular expression"),
            Param.list("ignore_files", "with dir: file names to skip"),
            Param.integer("depth", "with dir: how deep to descend (default: all the way)"),
            Param.list("extensions", "with dir: the extensions read (default: yml, yaml, json)"))
            .mutuallyExclusive("file", "free_form", "dir");

    /** The actions with a declaration. */
    public static final Map<String, ArgSpec> SPECS = Map.of("debug", DEBUG, "assert", ASSERT, "fail", FAIL, "meta", META,
            "include_vars", INCLUDE_VARS);

    public static final Map<String, ModuleDoc> DOCS = Map.of(
            "debug", new ModuleDoc("Prints a message or a variable's value, rendered with the host's variables, on the control machine.",
                    "nothing: an action, not a state", "nothing", """
                    - name: Say where we are
                      debug:
                        msg: "{{ inventory_hostname }} runs {{ ansible_facts.distribution | default('an unknown system') }}"
                    """),
            "set_fact", new ModuleDoc("Sets variables for this host for the rest of the run (any names; cacheable is accepted and ignored).",
                    "nothing: an action, not a state", "the variables are set in check mode too", """
                    - name: Derive a path once
                      set_fact:
                        docker_root: /var/lib/docker
                    """),
            "assert", new ModuleDoc("Fails the host unless every condition holds.",
                    "nothing: the conditions are checked when the task runs", "the conditions are checked in check mode too", """
                    - name: Only Debian
                      assert:
                        that:
                          - ansible_facts.os_family == 'Debian'
                        fail_msg: this playbook manages Debian hosts only
                    """),
            "fail", new ModuleDoc("Fails the host with a message, usually under a when.", "nothing", "fails in check mode too", """
                    - name: Refuse an unknown environment
                      fail:
                        msg: "unknown environment {{ env }}"
                      when: env is defined and env not in ['prod', 'staging']
                    """),
            "meta", new ModuleDoc("Runs the handlers notified so far (flush_handlers), or nothing (noop).", "nothing", "handlers are planned in check mode", """
                    - name: Run pending handlers now
                      meta: flush_handlers
                    """),
            "include_vars", new ModuleDoc("Reads variables from a YAML or JSON file (or every file of a folder) on the control machine.",
                    "nothing: an action", "the variables are read in check mode too", """
                    - name: Variables of this environment, if the file exists
                      include_vars:
                        file: "{{ item }}"
                      with_fileglob:
                        - vars/example-*.yml
                    """));

    private ActionSpecs() {
    }
}

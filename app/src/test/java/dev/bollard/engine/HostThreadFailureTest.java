package dev.bollard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.connect.DefaultConnector;
import dev.bollard.expr.Expressions;
import dev.bollard.inventory.Inventory;
import dev.bollard.playbook.Playbook;
import dev.bollard.playbook.PlaybookLoader;
import dev.bollard.report.HumanReporter;
import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleRegistry;
import dev.bollard.spi.Plan;
import dev.bollard.spi.TaskContext;
import dev.bollard.ssh.HostKeyPolicy;
import dev.bollard.vault.VaultSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Java Error in a host's thread (stack or memory exhausted, a defect) fails that host: exit 2, not 0. */
class HostThreadFailureTest {
    @TempDir
    Path dir;

    /** A module whose plan overflows the stack, as a runaway recursion would. */
    static final class Overflowing implements Module<Object> {
        @Override
        public String name() {
            return "overflow";
        }

        @Override
        public ArgSpec spec() {
            return ArgSpec.of();
        }

        @Override
        public ModuleDoc doc() {
            return new ModuleDoc("test", "nothing", "nothing", "- overflow: {}\n");
        }

        @Override
        public Object parse(Args args) {
            return args;
        }

        @Override
        public Plan plan(Object args, TaskContext ctx) {
            throw new StackOverflowError();
        }
    }

    /** Runs a playbook on localhost with the built-in modules and one more; returns the exit code and what was printed. */
    static String[] runWith(Module<?> extra, Path book, Mode mode, boolean diff) throws Exception {
        ModuleRegistry registry = ModuleRegistry.load().with(extra);
        Set<String> known = new TreeSet<>(registry.names());
        known.addAll(Actions.NAMES);
        Playbook playbook = new PlaybookLoader(known, VaultSecrets.NONE).load(book);
        Inventory inventory = Inventory.implicitLocalhost();
        RunOptions opts = new RunOptions(mode, diff, null, Set.of(), Set.of(), 5, Map.of(), Duration.ofSeconds(30), null, VaultSecrets.NONE);
        Expressions ex = new Expressions();
        Preflight.Checked checked = new Preflight(registry, ex, opts).check(playbook, inventory);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HumanReporter reporter = new HumanReporter(new PrintStream(out, true, StandardCharsets.UTF_8), mode, diff, false, new Secrets());
        int code = new Runner(registry, ex, new DefaultConnector(HostKeyPolicy.OFF, Duration.ofSeconds(5)), reporter, opts)
                .run(playbook, inventory, checked);
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void anErrorInAHostsThreadFailsTheHost() throws Exception {
        Path book = dir.resolve("site.yml");
        Files.writeString(book, "- hosts: all\n  gather_facts: false\n  tasks:\n    - overflow: {}\n    - debug:\n        msg: never\n");
        String[] r = runWith(new Overflowing(), book, Mode.APPLY, false);
        String text = r[1];
        assertEquals(String.valueOf(Runner.EXIT_FAILED), r[0], text);
        assertTrue(text.contains("StackOverflowError"), text);
        assertTrue(text.contains("failed=1"), text);
        assertTrue(!text.contains("never"), "the host stops at its failed task:\n" + text);
    }

    /** A module with a secret argument that its plan shows everywhere it can: summary, diff, step. */
    static final class Telling implements Module<String> {
        @Override
        public String name() {
            return "telling";
        }

        @Override
        public ArgSpec spec() {
            return ArgSpec.of(dev.bollard.spi.Param.str("token", "a secret").mandatory().secret());
        }

        @Override
        public ModuleDoc doc() {
            return new ModuleDoc("test", "nothing", "nothing", "- telling: {token: x}\n");
        }

        @Override
        public String parse(Args args) throws dev.bollard.spi.ArgsException {
            return args.string("token");
        }

        @Override
        public Plan plan(String token, TaskContext ctx) {
            return new Plan.Change("set token " + token, java.util.List.of(new dev.bollard.spi.Diff("token", "old\n", token + "\n")),
                    java.util.List.of(new dev.bollard.spi.ScriptStep("write " + token, "true")));
        }
    }

    @Test
    void anArgumentDeclaredSecretIsNeverPrinted() throws Exception {
        Path book = dir.resolve("site.yml");
        Files.writeString(book, "- hosts: all\n  gather_facts: false\n  tasks:\n    - telling:\n        token: s3cr3t-t0ken\n");
        String[] r = runWith(new Telling(), book, Mode.CHECK, true);
        assertEquals("0", r[0], r[1]);
        assertTrue(!r[1].contains("s3cr3t-t0ken"), r[1]);
        assertTrue(r[1].contains("set token " + Secrets.MASK) && r[1].contains("+" + Secrets.MASK), r[1]);
    }
}

package dev.bollard.modules.system;

import static dev.bollard.modules.system.FakeHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Step;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** package, apt_key, apt_repository and deb822_repository: what they parse, compare, write and predict. */
class AptSourcesTest {
    static final String EXAMPLE_FPR = "07AC48BC551A1CFA5605287BF93893722E758A87";

    static byte[] resource(String name) throws IOException {
        try (InputStream in = AptSourcesTest.class.getResourceAsStream("/apt/" + name)) {
            return in.readAllBytes();
        }
    }

    static String exampleKey() throws IOException {
        return new String(resource("example-key.asc"), StandardCharsets.US_ASCII);
    }

    /** A file probe's answer on the fake host: stat line, link line, content. */
    static String file(String content) {
        return "regular file|644|root|root|" + content.getBytes(StandardCharsets.UTF_8).length + "\n\0" + content;
    }

    /** Plans as the engine does: the module's probes fetched in one batch first. */
    static <A> Plan plan(FakeHost h, Module<A> m, Map<String, Object> args, boolean check) throws Exception {
        h.state.forget();
        A a = h.parse(m, args);
        h.state.prefetch(m.probes(a), null);
        return m.plan(a, h.ctx(check));
    }

    static <A> Plan run(FakeHost h, Module<A> m, Map<String, Object> args) throws Exception {
        Plan p = plan(h, m, args, true);
        if (p instanceof Plan.Change c) for (Step s : c.steps()) s.predict(h.state);
        return p;
    }

    static String message(Module<?> m, Map<String, Object> args) {
        return assertThrows(ArgsException.class, () -> new FakeHost().parse(m, args)).getMessage();
    }

    @Test
    void fingerprintsOfArmoredAndBinaryKeysWithSubkeys() throws Exception {
        assertEquals(List.of(EXAMPLE_FPR), OpenPgpKeys.fingerprints(resource("example-key.asc")));
        assertEquals(List.of("79BE7D9D6AB900D273B6F39351C5172BEE1BB0C4", "46A5CEBD1258AE35B9CA85BB7CBBB9804BDD9D35"),
                OpenPgpKeys.fingerprints(resource("two-key.gpg")));
        assertEquals(List.of("79BE7D9D6AB900D273B6F39351C5172BEE1BB0C4"), OpenPgpKeys.primaryFingerprints(resource("two-key.gpg")));
        List<String> fps = OpenPgpKeys.fingerprints(resource("example-key.asc"));
        for (String id : List.of("2E758A87", "0xF93893722E758A87", "f93893722e758a87", EXAMPLE_FPR, "07AC 48BC 551A 1CFA 5605  287B F938 9372 2E75 8A87")) {
            assertTrue(OpenPgpKeys.matches(fps, id), id);
        }
        assertFalse(OpenPgpKeys.matches(fps, "BEE1BB0C4"));
        assertTrue(OpenPgpKeys.armored(resource("example-key.asc")));
        assertFalse(OpenPgpKeys.armored(resource("two-key.gpg")));
        assertThrows(IllegalArgumentException.class, () -> OpenPgpKeys.fingerprints("hello".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> OpenPgpKeys.fingerprints(
                "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEaw77\n-----END PGP PUBLIC KEY BLOCK-----\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aptKeyRefusesBadArgumentsBeforeTheHost() throws Exception {
        AptKeyModule k = new AptKeyModule();
        assertTrue(message(k, args("keyserver", "keyserver.ubuntu.com", "id", "2E758A87")).contains("'keyserver' is not supported"));
        assertTrue(message(k, args("id", "nothex", "data", exampleKey())).contains("'id' must be a key id"));
        assertTrue(message(k, args("data", "not a key")).contains("'data' is not an OpenPGP public key"));
        assertTrue(message(k, args("data", exampleKey(), "id", "DEADBEEF")).contains(EXAMPLE_FPR + ", not id DEADBEEF"));
        assertTrue(message(k, args("state", "absent")).contains("needs 'id'"));
        assertTrue(message(k, args("id", "2E758A87")).contains("needs the key: one of data, file, url"));
        assertTrue(message(k, args("url", "example.org/key.asc")).contains("'url' must be an http"));
        assertTrue(message(k, args("url", "https://example.org/k", "data", exampleKey())).contains("not both"));
    }

    @Test
    void aptKeyWritesItsOwnKeyringAndComparesBytes() throws Exception {
        AptKeyModule k = new AptKeyModule();
        String path = "/etc/apt/trusted.gpg.d/F93893722E758A87.asc";
        FakeHost h = new FakeHost().answeringBatches().on(path, "ABSENT").on("trusted.gpg.d/F93893722E758A87.gpg", "ABSENT");
        Plan.Change c = (Plan.Change) run(h, k, args("data", exampleKey()));
        assertTrue(c.summary().startsWith("create " + path), c.summary());
        assertInstanceOf(Plan.NoOp.class, plan(h, k, args("data", exampleKey(), "id", "F93893722E758A87"), true),
                "check mode: a later task sees the key");
        assertTrue(((Plan.Change) plan(h, k, args("data", exampleKey(), "id", "2E758A87"), false)).summary()
                .startsWith("create /etc/apt/trusted.gpg.d/2E758A87.asc"), "the file is named after the id as written");
        h.on(path, file(exampleKey()));
        assertInstanceOf(Plan.NoOp.class, plan(h, k, args("data", exampleKey(), "id", "0xf93893722e758a87"), false));
        Plan.Change other = (Plan.Change) plan(new FakeHost().answeringBatches().on("/etc/apt/keyrings/x.asc", file("old\n")), k,
                args("data", exampleKey(), "keyring", "/etc/apt/keyrings/x.asc"), false);
        assertTrue(other.summary().startsWith("update /etc/apt/keyrings/x.asc"), other.summary());
        // a key downloaded on the target is checked against id like any other
        FakeHost web = new FakeHost().answeringBatches().on("urllib", exampleKey()).on("F93893722E758A87", "ABSENT");
        assertInstanceOf(Plan.Change.class, plan(web, k, args("url", "https://example.org/key.asc", "id", "F93893722E758A87"), false));
        ModuleFailure wrong = assertThrows(ModuleFailure.class, () -> plan(web, k, args("url", "https://example.org/key.asc", "id", "DEADBEEF"), false));
        assertTrue(wrong.getMessage().contains("not id DEADBEEF"), wrong.getMessage());
        FakeHost notFound = new FakeHost().answeringBatches().on("urllib", 22, "curl: (22) The requested URL returned error: 404").on("trusted.gpg.d", "ABSENT");
        ModuleFailure nf = assertThrows(ModuleFailure.class, () -> plan(notFound, k, args("url", "https://example.org/k.asc"), false));
        assertTrue(nf.getMessage().contains("cannot download the key from https://example.org/k.asc"), nf.getMessage());
    }

    @Test
    void aptKeyAbsentRemovesOnlyAFileHoldingThatKeyAlone() throws Exception {
        AptKeyModule k = new AptKeyModule();
        FakeHost h = new FakeHost().answeringBatches().on("F93893722E758A87.asc", file(exampleKey())).on("F93893722E758A87.gpg", "ABSENT");
        Plan.Change c = (Plan.Change) plan(h, k, args("id", "F93893722E758A87", "state", "absent"), false);
        assertEquals("remove /etc/apt/trusted.gpg.d/F93893722E758A87.asc", c.summary());
        FakeHost other = new FakeHost().answeringBatches().on("/etc/apt/keyrings/k.asc", file(exampleKey()));
        assertInstanceOf(Plan.NoOp.class, plan(other, k, args("id", "DEADBEEF", "keyring", "/etc/apt/keyrings/k.asc", "state", "absent"), false));
    }

    @Test
    void aptRepositoryLinesAndFileNamesAsAnsible() {
        assertEquals("deb [arch=amd64 signed-by=/k.asc] https://x.org/debian bookworm main contrib",
                AptRepositoryModule.normalize("  deb  [ arch=amd64   signed-by=/k.asc ]   https://x.org/debian  bookworm main   contrib "));
        assertEquals("deb file:/srv/repo ./", AptRepositoryModule.normalize("deb file:/srv/repo ./"));
        assertNull(AptRepositoryModule.normalize("deb https://x.org/debian"));
        assertNull(AptRepositoryModule.normalize("rpm https://x.org/debian bookworm"));
        assertEquals("download_docker_com_linux_debian",
                AptRepositoryModule.suggestedName("deb [arch=amd64] https://download.docker.com/linux/debian bookworm stable"));
        assertEquals("file_srv_repo", AptRepositoryModule.suggestedName("deb [trusted=yes] file:/srv/repo ./"));
        assertEquals("example_org_debian", AptRepositoryModule.suggestedName("deb https://user:pw@example.org/debian/ bookworm main"));
        String repo = "deb https://x.org/debian bookworm main";
        assertEquals(repo + "\n", AptRepositoryModule.withLine(null, repo));
        assertEquals("# mine\n" + repo + "\n", AptRepositoryModule.withLine("# mine", repo));
        assertEquals("# mine\n" + repo + "\n", AptRepositoryModule.withLine("# mine\n#  deb   https://x.org/debian bookworm main\n", repo));
    }

    @Test
    void aptRepositoryRefusesBadArguments() {
        AptRepositoryModule r = new AptRepositoryModule();
        assertTrue(message(r, args("repo", "ppa:deadsnakes/ppa")).contains("Ubuntu PPA"));
        assertTrue(message(r, args("repo", "https://x.org/debian bookworm")).contains("'repo' must be a source line"));
        assertTrue(message(r, args("repo", "deb https://x.org/debian bookworm main", "filename", "a/b")).contains("'filename' must be"));
        assertTrue(message(r, args("repo", "deb https://x.org/debian bookworm main", "update_cache", "maybe")).contains("true or false"));
    }

    private static final String LISTING = "@@bollard-sources-file /etc/apt/sources.list\n"
            + "deb http://deb.debian.org/debian bookworm main\n\n"
            + "@@bollard-sources-file /etc/apt/sources.list.d/other.list\n"
            + "deb [trusted=yes] file:/srv/repo ./\n# note\n\n";

    @Test
    void aptRepositoryPresentAbsentAndTheCheckModeNoteOfALaterApt() throws Exception {
        AptRepositoryModule r = new AptRepositoryModule();
        FakeHost h = new FakeHost().answeringBatches().on("/etc/apt/sources.list.d/", "ABSENT").on("@@bollard-sources-file", LISTING)
                .on("dpkg-query", "").on("apt-cache policy", "");
        assertInstanceOf(Plan.NoOp.class, plan(h, r, args("repo", "deb  http://deb.debian.org/debian bookworm main"), false));
        assertInstanceOf(Plan.NoOp.class, plan(h, r, args("repo", "deb [ trusted=yes ] file:/srv/repo ./", "filename", "x"), false));
        Plan.Change add = (Plan.Change) run(h, r, args("repo", "deb [trusted=yes] file:/srv/new ./"));
        assertEquals("add 'deb [trusted=yes] file:/srv/new ./' to /etc/apt/sources.list.d/file_srv_new.list and update the package lists",
                add.summary());
        assertTrue(add.steps().stream().anyMatch(s -> s.describe().equals("update the package lists")));
        assertEquals("deb [trusted=yes] file:/srv/new ./", h.state.predicted(Prediction.aptSourcesAdded()).value().orElseThrow());
        assertInstanceOf(Plan.NoOp.class, plan(h, r, args("repo", "deb [trusted=yes] file:/srv/new ./"), true), "check mode sees the new file");
        Plan.Change install = (Plan.Change) plan(h, new AptModule(), args("name", "newpkg"), true);
        assertTrue(install.summary().contains("newpkg is not in the package lists yet; a source added earlier in this run would provide it: "
                + "deb [trusted=yes] file:/srv/new ./"), install.summary());
        h.on("sources.list.d/other.list", file("deb [trusted=yes] file:/srv/repo ./\n# note\n"));
        Plan.Change gone = (Plan.Change) plan(h, r, args("repo", "deb [trusted=yes] file:/srv/repo ./", "state", "absent", "update_cache", false), false);
        assertEquals("remove 'deb [trusted=yes] file:/srv/repo ./' from /etc/apt/sources.list.d/other.list", gone.summary());
        assertEquals("deb [trusted=yes] file:/srv/repo ./\n# note\n", gone.diffs().get(0).before());
        assertEquals("# note\n", gone.diffs().get(0).after());
        FakeHost only = new FakeHost().answeringBatches().on("/etc/apt/sources.list.d/", "ABSENT")
                .on("@@bollard-sources-file", "@@bollard-sources-file /etc/apt/sources.list.d/a.list\ndeb file:/a ./\n\n");
        Plan.Change rm = (Plan.Change) plan(only, r, args("repo", "deb file:/a ./", "state", "absent"), false);
        assertEquals(List.of("remove /etc/apt/sources.list.d/a.list", "update the package lists"), rm.steps().stream().map(Step::describe).toList());
    }

    @Test
    void deb822FileAsAnsibleWritesIt() throws Exception {
        Deb822RepositoryModule d = new Deb822RepositoryModule();
        assertEquals("docker-ce-stable", Deb822RepositoryModule.slug("Docker CE_stable!"));
        assertEquals("Check-Valid-Until", Deb822RepositoryModule.fieldName("check_valid_until"));
        Deb822RepositoryModule.Deb822Args a = new FakeHost().parse(d, args("name", "Docker CE", "uris", "https://download.docker.com/linux/debian",
                "suites", List.of("bookworm"), "components", "stable", "architectures", List.of("amd64", "arm64"),
                "signed_by", exampleKey(), "enabled", true));
        assertEquals("/etc/apt/sources.list.d/docker-ce.sources", a.path());
        String key = exampleKey().strip().replace("\n\n", "\n.\n").replace("\n", "\n    ");
        assertEquals("Architectures: amd64 arm64\nComponents: stable\nEnabled: yes\nX-Repolib-Name: Docker CE\nSigned-By:\n    " + key + "\n"
                + "Suites: bookworm\nTypes: deb\nURIs: https://download.docker.com/linux/debian\n", a.content());
        assertTrue(message(d, args("name", "x", "uris", "https://x.org", "suites", "s", "types", "rpm")).contains("'types' must be deb or deb-src"));
        assertTrue(message(d, args("name", "x", "uris", "https://x.org")).contains("needs 'suites'"));
        assertTrue(message(d, args("name", "x", "uris", "https://x.org", "suites", "s", "signed_by", "gopher://x.org/k.asc"))
                .contains("'signed_by' as a URL must be an http"));
        assertTrue(message(d, args("name", "x", "uris", "https://x.org", "suites", "s", "signed_by", "relative/key.asc"))
                .contains("'signed_by' must be an absolute path"));
        assertTrue(message(d, args("name", "!!", "state", "absent")).contains("'name' must have a letter"));
    }

    @Test
    void deb822PlansAWriteAndPredictsTheSource() throws Exception {
        Deb822RepositoryModule d = new Deb822RepositoryModule();
        Map<String, Object> repo = args("name", "local", "uris", "file:/srv/repo", "suites", "./", "trusted", true);
        FakeHost h = new FakeHost().answeringBatches().on("local.sources", "ABSENT");
        Plan.Change c = (Plan.Change) run(h, d, repo);
        assertEquals("X-Repolib-Name: local\nSuites: ./\nTrusted: yes\nTypes: deb\nURIs: file:/srv/repo\n", c.diffs().get(0).after());
        assertTrue(h.state.predicted(Prediction.aptSourcesAdded()).isPresent());
        assertInstanceOf(Plan.NoOp.class, plan(h, d, repo, true));
        // a signed_by URL: the key downloaded on the host to /etc/apt/keyrings/SLUG.asc, that path in the file
        FakeHost web = new FakeHost().answeringBatches().on("local.sources", "ABSENT").on("keyrings/local.asc", "ABSENT")
                .on("urllib", exampleKey());
        Plan.Change k = (Plan.Change) plan(web, d, args("name", "local", "uris", "file:/srv/repo", "suites", "./",
                "signed_by", "https://example.org/key.asc"), false);
        assertEquals(List.of("/etc/apt/keyrings/local.asc", "/etc/apt/sources.list.d/local.sources"), k.diffs().stream().map(x -> x.label()).toList());
        assertEquals("Signed-By: /etc/apt/keyrings/local.asc\nSuites: ./\nTypes: deb\nURIs: file:/srv/repo\n",
                k.diffs().get(1).after().substring(k.diffs().get(1).after().indexOf("Signed-By")));
        FakeHost gone = new FakeHost().answeringBatches().on("local.sources", "regular file|644|root|root|10\n\0").on("/etc/apt/keyrings/", "ABSENT");
        assertEquals("remove /etc/apt/sources.list.d/local.sources", ((Plan.Change) plan(gone, d, args("name", "local", "state", "absent"), false)).summary());
    }

    @Test
    void packageIsAptOnDebianAndRefusesOtherManagers() throws Exception {
        PackageModule p = new PackageModule();
        assertTrue(message(p, args("name", "jq", "state", "present", "use", "yum")).contains("'use: yum' is not available in Bollard"));
        assertTrue(message(p, args("name", "jq")).contains("missing required argument 'state'"));
        assertTrue(message(p, args("name", "Bad Name", "state", "present")).contains("is not a Debian package name"));
        FakeHost debian = new FakeHost().answeringBatches().on("dpkg-query", "jq install ok installed 1.6-2.1\n").on("command -v apt-get", "apt\n")
                .on("apt-cache policy", "jq:\n  Installed: 1.6-2.1\n  Candidate: 1.6-2.1\n");
        assertInstanceOf(Plan.NoOp.class, plan(debian, p, args("name", "jq", "state", "present"), false));
        assertTrue(((Plan.Change) plan(debian, p, args("name", "jq", "state", "absent"), false)).summary().startsWith("remove jq"));
        FakeHost other = new FakeHost().answeringBatches().on("dpkg-query", "").on("command -v apt-get", "none\n").on("apt-cache policy", "");
        ModuleFailure f = assertThrows(ModuleFailure.class, () -> plan(other, p, args("name", "jq", "state", "present", "use", "auto"), false));
        assertTrue(f.getMessage().contains("has no apt-get"), f.getMessage());
    }
}

package dev.bollard.modules.system;

import dev.bollard.spi.Shell;

/**
 * A download made on the target, as Ansible's modules fetch a URL from the managed host: with
 * curl, else wget, else the host's python3 (which Debian's apt tooling usually brings along).
 * The script writes the body to stdout and fails on an HTTP error.
 */
final class KeyDownload {
    private KeyDownload() {
    }

    static String script(String url, boolean validateCerts) {
        String u = Shell.quote(url);
        String py = "import ssl,sys,urllib.request\n"
                + "c=None if sys.argv[2]=='1' else ssl._create_unverified_context()\n"
                + "try:\n"
                + "    sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1],context=c,timeout=60).read())\n"
                + "except Exception as e:\n"
                + "    sys.stderr.write('cannot download %s: %s\\n' % (sys.argv[1], e)); sys.exit(1)\n";
        return "if command -v curl >/dev/null 2>&1; then curl -fsSL " + (validateCerts ? "" : "-k ") + "-- " + u + "; "
                + "elif command -v wget >/dev/null 2>&1; then wget -q " + (validateCerts ? "" : "--no-check-certificate ") + "-O- -- " + u + "; "
                + "elif command -v python3 >/dev/null 2>&1; then python3 -c " + Shell.quote(py) + " " + u + " " + (validateCerts ? "1" : "0")
                + "; "
                + "else echo 'no curl, wget or python3 on the host to download " + url.replace("'", "") + "' >&2; exit 127; fi";
    }
}

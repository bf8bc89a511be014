package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void changedLineInContext() {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        String after = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assertEquals("""
                --- before: /etc/x
                +++ after: /etc/x
                @@ -2,7 +2,7 @@
                 b
                 c
                 d
                -e
                +E
                 f
                 g
                 h
                """, new Diff("/etc/x", before, after).unified());
    }

    @Test
    void newFileAndRemovedFile() {
        assertEquals("--- /dev/null\n+++ after: /f\n@@ -0,0 +1,2 @@\n+one\n+two\n", new Diff("/f", null, "one\ntwo\n").unified());
        assertEquals("--- before: /f\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-one\n", new Diff("/f", "one\n", null).unified());
    }

    @Test
    void missingFinalNewlineIsShown() {
        String d = new Diff("/f", "x", "x\n").unified();
        assertEquals("--- before: /f\n+++ after: /f\n@@ -1,1 +1,1 @@\n-x  (no newline at end of file)\n+x\n", d);
    }

    @Test
    void distantChangesMakeSeparateHunks() {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 30; i++) a.append("line").append(i).append('\n');
        String b = a.toString().replace("line2\n", "LINE2\n").replace("line25\n", "LINE25\n");
        String d = new Diff("/f", a.toString(), b).unified();
        assertEquals(2, d.split("@@ -", -1).length - 1, d);
    }
}

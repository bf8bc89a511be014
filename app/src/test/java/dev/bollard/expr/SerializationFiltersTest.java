package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * to_json, to_nice_json, from_json, to_yaml, to_nice_yaml and from_yaml, byte for byte, against
 * Ansible 2.14's own output (see {@link ExpressionFixture}).
 */
class SerializationFiltersTest extends ExpressionFixture {

    /** to_json: Python's json.dumps, keys in their order, ", " and ": ", non-ASCII escaped */
    @Test
    void toJson() throws Exception {
        assertEquals("{\"zeta\": 1, \"alpha\": 2, \"mid\": {\"z\": 1, \"a\": [1, {\"y\": 2, \"b\": 3}]}}", str("{{ kv | to_json }}"));
        assertEquals("[1, \"a\", true, null, 1.5, [2, 3], {\"k\": \"v\"}]", str("{{ mixed | to_json }}"));
        assertEquals("[\"it's\", \"say \\\"hi\\\"\", \"back\\\\slash\", \"tab\\tx\", \"\\u00fcn\\u00ef\"]", str("{{ words | to_json }}"));
        assertEquals("\"caf\\u00e9 \\u2603\" 1.5 1.0 \"x\" {\"a\": 2, \"b\": 1}", str("{{ unicode | to_json }} {{ 1.5 | to_json }} {{ 1.0 | to_json }} {{ 'x' | to_json }} {{ {'b': 1, 'a': 2} | to_json(sort_keys=true) }}"));
        assertEquals("{\n  \"zeta\": 1,\n  \"alpha\": 2,\n  \"mid\": {\n    \"z\": 1,\n    \"a\": [\n      1,\n      {\n        \"y\": 2,\n        \"b\": 3\n      }\n    ]\n  }\n}", str("{{ kv | to_json(indent=2) }}"));
        assertEquals("{\n\"a\": 1\n}", str("{{ {'a': 1} | to_json(indent=0) }}"));
        assertEquals("{\"b\":1,\"a\":2}", str("{{ {'b': 1, 'a': 2} | to_json(separators=(',', ':')) }}"));
    }

    /** to_nice_json: four spaces, keys sorted, "," at line ends */
    @Test
    void toNiceJson() throws Exception {
        assertEquals("{\n    \"alpha\": 2,\n    \"mid\": {\n        \"a\": [\n            1,\n            {\n                \"b\": 3,\n                \"y\": 2\n            }\n        ],\n        \"z\": 1\n    },\n    \"zeta\": 1\n}", str("{{ kv | to_nice_json }}"));
        assertEquals("{\n  \"alpha\": 2,\n  \"mid\": {\n    \"a\": [\n      1,\n      {\n        \"b\": 3,\n        \"y\": 2\n      }\n    ],\n    \"z\": 1\n  },\n  \"zeta\": 1\n}", str("{{ kv | to_nice_json(indent=2) }}"));
        assertEquals("[\n    1,\n    \"a\",\n    true,\n    null,\n    1.5,\n    [\n        2,\n        3\n    ],\n    {\n        \"k\": \"v\"\n    }\n]", str("{{ mixed | to_nice_json }}"));
        assertEquals("\"caf\\u00e9 \\u2603\" {} []", str("{{ unicode | to_nice_json }} {{ {} | to_nice_json }} {{ [] | to_nice_json }}"));
        assertEquals("{\n    \"a\": []\n}", str("{{ {'a': []} | to_nice_json }}"));
        assertEquals("{\n    \"a\": [\n        [],\n        {}\n    ],\n    \"b\": {},\n    \"\\u00e9\": \"\\u00fc\"\n}", str("{{ {'b': {}, 'a': [[], {}], 'é': 'ü'} | to_nice_json }}"));
        assertEquals("{\n    \"b\": 1,\n    \"a\": 2\n}", str("{{ {'b': 1, 'a': 2} | to_nice_json(sort_keys=false) }}"));
    }

    /** from_json: its documentation's example first */
    @Test
    void fromJson() throws Exception {
        assertEquals("{'a': True, 'b': 54, 'c': [1, 2, 3]}", str("{{ '{\"a\": true, \"b\": 54, \"c\": [1,2,3]}' | from_json }}"));
        assertEquals("{'a': [1, 2.5, True, None], 'b': 'x'} 1 [1, 2] s ['alice', 'bob']", str("{{ '{\"a\": [1, 2.5, true, null], \"b\": \"x\"}' | from_json }} {{ ('{\"a\": 1}' | from_json).a }} {{ '[1, 2]' | from_json }} {{ '\"s\"' | from_json }} {{ users | to_json | from_json }}"));
        assertFails("{{ 'nope' | from_json }}", "from_json: not valid JSON: Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"); // Ansible: Expecting value: line 1 column 1 (char 0)
    }

    /** to_yaml: PyYAML's flow style for collections of scalars, keys sorted */
    @Test
    void toYaml() throws Exception {
        assertEquals("alpha: 2\nmid:\n  a:\n  - 1\n  - {b: 3, y: 2}\n  z: 1\nzeta: 1\n", str("{{ kv | to_yaml }}"));
        assertEquals("- 1\n- a\n- true\n- null\n- 1.5\n- [2, 3]\n- {k: v}\n", str("{{ mixed | to_yaml }}"));
        assertEquals("[it's, say \"hi\", back\\slash, \"tab\\tx\", ünï]\n", str("{{ words | to_yaml }}"));
        assertEquals("café ☃\n[alice, bob]\nplain\n'yes'\n'123'\n3\nnull\n{}\n", str("{{ unicode | to_yaml }}{{ users | to_yaml }}{{ 'plain' | to_yaml }}{{ 'yes' | to_yaml }}{{ '123' | to_yaml }}{{ 3 | to_yaml }}{{ none | to_yaml }}{{ {} | to_yaml }}"));
        assertEquals("{k: 'line1\n\n    line2\n\n\n    line4'}\n", str("{{ {'k': multi} | to_yaml }}"));
        assertEquals("{long: 'word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word '}\n", str("{{ {'long': 'word ' * 30} | to_yaml }}"));
        assertEquals("{d: '2021-01-01', e: '', f: 1.5, h: '#x', n: null, o: 'on', s: 'a: b', t: true}\n", str("{{ {'e': '', 'n': none, 't': true, 'f': 1.5, 'd': '2021-01-01', 's': 'a: b', 'h': '#x', 'o': 'on'} | to_yaml }}"));
        assertEquals("a:\n- b: 1\n  c: [1, 2]\n- d: {}\ne:\n  f: {g: h}\n", str("{{ {'a': [{'b': 1, 'c': [1, 2]}, {'d': {}}], 'e': {'f': {'g': 'h'}}} | to_yaml }}"));
        assertEquals("{f: 1.0e+20, g: 0.1, h: -2.5, i: 100.0}\n", str("{{ {'f': 1e20, 'g': 0.1, 'h': -2.5, 'i': 100.0} | to_yaml }}"));
        assertEquals("[':', '- x', '@x', '`x', it's, a\"b, ' lead', 'trail ', '', 'null', 'True', 0o10, 1e3,\n  '~', '007', '1.0', a#b, 'a #b', '%x', '!x', '*x', '&x', '{x', '[x', '? x', 'x: y',\n  ünï]\n", str("{{ [':', '- x', '@x', '`x', \"it's\", 'a\"b', ' lead', 'trail ', '', 'null', 'True', '0o10', '1e3', '~', '007', '1.0', 'a#b', 'a #b', '%x', '!x', '*x', '&x', '{x', '[x', '? x', 'x: y', 'ünï'] | to_yaml }}"));
    }

    /** to_nice_yaml: block style, four spaces, keys sorted, lists not indented under their key */
    @Test
    void toNiceYaml() throws Exception {
        assertEquals("alpha: 2\nmid:\n    a:\n    - 1\n    -   b: 3\n        y: 2\n    z: 1\nzeta: 1\n", str("{{ kv | to_nice_yaml }}"));
        assertEquals("alpha: 2\nmid:\n  a:\n  - 1\n  - b: 3\n    y: 2\n  z: 1\nzeta: 1\n", str("{{ kv | to_nice_yaml(indent=2) }}"));
        assertEquals("- 1\n- a\n- true\n- null\n- 1.5\n-   - 2\n    - 3\n-   k: v\n", str("{{ mixed | to_nice_yaml }}"));
        assertEquals("- it's\n- say \"hi\"\n- back\\slash\n- \"tab\\tx\"\n- ünï\n", str("{{ words | to_nice_yaml }}"));
        assertEquals("-   name: a\n    size: 3\n    state: present\n-   name: b\n    state: absent\n-   name: c\n    size: 1\n    state: present\n", str("{{ items | to_nice_yaml }}"));
        assertEquals("'line1\n\n    line2\n\n\n    line4'\n", str("{{ multi | to_nice_yaml }}"));
        assertEquals("long: 'word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word '\n", str("{{ {'long': 'word ' * 30} | to_nice_yaml }}"));
        assertEquals("d: '2021-01-01'\ne: ''\nf: 1.5\nh: '#x'\nn: null\no: 'on'\ns: 'a: b'\nt: true\n", str("{{ {'e': '', 'n': none, 't': true, 'f': 1.5, 'd': '2021-01-01', 's': 'a: b', 'h': '#x', 'o': 'on'} | to_nice_yaml }}"));
        assertEquals("a:\n- b: 1\n  c:\n  - 1\n  - 2\n- d: {}\ne:\n  f:\n    g: h\n", str("{{ {'a': [{'b': 1, 'c': [1, 2]}, {'d': {}}], 'e': {'f': {'g': 'h'}}} | to_nice_yaml(indent=2) }}"));
        assertEquals("k: 'a\n\n    b'\nl: 'trailing\n\n    '\nm: ' x\n\n    y '\n", str("{{ {'k': 'a\nb', 'l': 'trailing\n', 'm': ' x\ny '} | to_nice_yaml }}"));
        assertEquals("[]\na: {}\ntrue\n", str("{{ [] | to_nice_yaml }}{{ {'a': {}} | to_nice_yaml }}{{ true | to_nice_yaml }}"));
    }

    /** from_yaml: its documentation's example first; a date stays text (Ansible reads a datetime.date, which prints the same) */
    @Test
    void fromYaml() throws Exception {
        assertEquals("{'a': True, 'b': 54, 'c': [1, 2, 3]}", str("{{ '{\"a\": true, \"b\": 54, \"c\": [1,2,3]}' | from_yaml }}"));
        assertEquals("{'a': 1, 'b': ['x', 'y'], 'c': True, 'd': None, 'e': 1.5, 'g': '1e3'} 1 plain [1, 'two']", str("{{ 'a: 1\nb: [x, y]\nc: yes\nd: ~\ne: 1.5\ng: 1e3' | from_yaml }} {{ ('a: 1' | from_yaml).a }} {{ 'plain' | from_yaml }} {{ '- 1\n- two' | from_yaml }}"));
        assertEquals("2021-01-01", str("{{ ('f: 2021-01-01' | from_yaml).f }}"));
    }
}

package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Filters on lists and dictionaries against Ansible 2.14's own output (see {@link ExpressionFixture}).
 * Where a failure's wording differs from Ansible's, Ansible's is noted beside it.
 */
class ListFiltersTest extends ExpressionFixture {

    /** first and last: of a list, a string's characters, a dictionary's keys; nothing for an empty list */
    @Test
    void firstAndLast() throws Exception {
        assertEquals("alice bob a c icc name x", str("{{ users | first }} {{ users | last }} {{ 'abc' | first }} {{ 'abc' | last }} {{ cfg | first }} {{ cfg | last }} {{ [] | first | default('x') }}"));
        assertFails("{{ [] | first }}", "No first item, sequence was empty."); // Ansible: No first item, sequence was empty.. No first item, sequence was empty
        assertFails("{{ [] | last }}", "No last item, sequence was empty."); // Ansible: No last item, sequence was empty.. No last item, sequence was empty
    }

    /** unique: order kept, Python equality (1 == 1.0 == True), letters compared without case unless asked; its documentation's example first */
    @Test
    void unique() throws Exception {
        assertEquals("[1, 2, 5, 3, 4, 10]", str("{{ list1 | unique }}"));
        assertEquals("[3, 1, 2] [3, 1, 'a'] [1, 2] ['a', 'b'] ['a', 'A', 'b']", str("{{ nums | unique }} {{ [3, 1, 'a', 1, 'a', 3.0] | unique }} {{ [1, true, 1.0, 2] | unique }} {{ ['a', 'A', 'b'] | unique }} {{ ['a', 'A', 'b'] | unique(case_sensitive=true) }}"));
        assertEquals("[{'a': 1}, {'a': 2}] ['a', 'b']", str("{{ [{'a': 1}, {'a': 1}, {'a': 2}] | unique }} {{ items | unique(attribute='state') | map(attribute='name') | list }}"));
    }

    /** union, intersect, difference, symmetric_difference over the documentation's list1 and list2; union's documented result repeats a 1 that Ansible does not give */
    @Test
    void setFilters() throws Exception {
        assertEquals("[1, 2, 5, 3, 4, 10, 11, 99]", str("{{ list1 | union(list2) }}"));
        assertEquals("[1, 2, 5, 3, 4]", str("{{ [1, 2, 5, 3, 4, 10] | intersect(list2) }}"));
        assertEquals("[10]", str("{{ list1 | difference(list2) }}"));
        assertEquals("[10, 11, 99]", str("{{ list1 | symmetric_difference(list2) }}"));
        assertEquals("['b', 'a', 'c'] ['b', 'a'] ['a', 'A', 'b'] ['A'] [[1], [2]]", str("{{ ['b', 'a', 'b'] | union(['c', 'a']) }} {{ ['b', 'a', 'b'] | difference(['c']) }} {{ ['a', 'A'] | union(['b', 'a']) }} {{ ['a', 'A'] | intersect(['A']) }} {{ [[1], [1]] | union([[2]]) }}"));
    }

    /** select and reject, with and without a test */
    @Test
    void selectAndReject() throws Exception {
        assertEquals("[3, 1, 3, 1] [2] [3, 3] [3, 2, 3]", str("{{ nums | select('odd') | list }} {{ nums | reject('odd') | list }} {{ nums | select('equalto', 3) | list }} {{ nums | select('>', 1) | list }}"));
        assertEquals("['ab', 'ax'] ['ab', 'xa'] ['cd']", str("{{ ['ab', 'cd', 'ax'] | select('match', 'a') | list }} {{ ['ab', 'cd', 'xa'] | select('search', 'a') | list }} {{ ['ab', 'cd', 'ax'] | reject('match', 'a') | list }}"));
        assertEquals("['a', 'b'] ['', None, 0]", str("{{ ['a', '', 'b', none] | select | list }} {{ ['a', '', 'b', none, 0] | reject | list }}"));
    }

    /** selectattr and rejectattr, by a test on an attribute */
    @Test
    void selectattrAndRejectattr() throws Exception {
        assertEquals("['a', 'c'] ['b']", str("{{ items | selectattr('size', 'defined') | map(attribute='name') | list }} {{ items | rejectattr('size', 'defined') | map(attribute='name') | list }}"));
        assertEquals("['a', 'c'] 2", str("{{ items | selectattr('state', 'equalto', 'present') | map(attribute='name') | list }} {{ items | selectattr('state', '==', 'present') | list | length }}"));
        assertEquals("['a'] ['a', 'c']", str("{{ items | selectattr('size', 'defined') | selectattr('size', 'gt', 2) | map(attribute='name') | list }} {{ items | selectattr('name', 'in', ['a', 'c']) | map(attribute='name') | list }}"));
        assertEquals("['a', 'c'] ['a', 'c'] ['a', 'b', 'c']", str("{{ items | rejectattr('state', 'eq', 'absent') | map(attribute='name') | list }} {{ items | selectattr('state', 'match', 'pre') | map(attribute='name') | list }} {{ items | selectattr('state', 'search', 'sen') | map(attribute='name') | list }}"));
        assertEquals("lacp0", str("{{ (lacp_groups | selectattr('interfaces', 'contains', 'em1') | first).master }}"));
        assertFails("{{ items | selectattr('size') | map(attribute='name') | list }}", "the mapping has no key 'size'"); // Ansible: 'dict object' has no attribute 'size'. 'dict object' has no attribute 'size'
    }

    /** map: by attribute (a missing one fails unless a default is given, or the undefined items are dropped), or by filter */
    @Test
    void map() throws Exception {
        assertEquals("['a', 'b', 'c'] a,b,c [3, 0, 1]", str("{{ items | map(attribute='name') | list }} {{ items | map(attribute='name') | join(',') }} {{ items | map(attribute='size', default=0) | list }}"));
        assertEquals("[3, 1] [3, 1]", str("{{ items | map(attribute='size') | select('defined') | list }} {{ items | map(attribute='size') | reject('undefined') | list }}"));
        assertEquals("[1, 2] [1, 3] [1, 3]", str("{{ [{'a': {'b': 1}}, {'a': {'b': 2}}] | map(attribute='a.b') | list }} {{ [[1, 2], [3, 4]] | map(attribute='0') | list }} {{ [[1, 2], [3, 4]] | map('first') | list }}"));
        assertEquals("['ALICE', 'BOB'] ['3', '1', '2', '3', '1'] ['[a]lice', '[b]ob'] ['Alice', 'bob']", str("{{ users | map('upper') | list }} {{ nums | map('string') | list }} {{ users | map('regex_replace', '^(.)', '[\\1]') | list }} {{ users | map('replace', 'a', 'A') | list }}"));
        assertFails("{{ items | map(attribute='size') | list }}", "the mapping has no key 'size'"); // Ansible: 'dict object' has no attribute 'size'. 'dict object' has no attribute 'size'
        assertFails("{{ items | map(attribute='size') | join(',') }}", "the mapping has no key 'size'"); // Ansible: 'dict object' has no attribute 'size'. 'dict object' has no attribute 'size'
    }

    /** flatten: its documentation's two examples first; None and 'None' are dropped */
    @Test
    void flatten() throws Exception {
        assertEquals("[1, 2, 3, 4, 5, 6]", str("{{ [1 , 2, [3, [4, 5]], 6] | flatten }}"));
        assertEquals("[1, 2, 3, [4, 5], 6]", str("{{ [1, 2, [3, [4, 5]], 6] | flatten(1) }}"));
        assertEquals("[1, 2, [3, [4]], 'x'] [1, 2] [1, 2]", str("{{ [1, [2, [3, [4]]], 'x'] | flatten(levels=1) }} {{ [1, none, [none, 2], [], 'None', 'null'] | flatten }} {{ [1, 2] | flatten }}"));
    }

    /** combine: its documentation's examples first, then list_merge and a list of dictionaries */
    @Test
    void combine() throws Exception {
        assertEquals("{'a': 1, 'b': 3, 'c': 4}", str("{{ {'a':1, 'b':2} | combine({'b':3, 'c':4}) }}"));
        assertEquals("{'a': {'b': 3, 'c': 20}, 'd': 5}", str("{{ defaults | combine(customization, recursive=true) }}"));
        assertEquals("{'a': {'b': 2, 'e': 3}, 'd': 'x', 'f': 'y'} {'a': {'b': 2, 'c': [1, 2], 'e': 3}, 'd': 'x', 'f': 'y'} {'a': 1, 'b': 2, 'c': 3} {'a': 3, 'b': 2}", str("{{ nested | combine(other) }} {{ nested | combine(other, recursive=True) }} {{ {'a': 1} | combine({'b': 2}, {'c': 3}) }} {{ {'a': 1} | combine([{'b': 2}, {'a': 3}]) }}"));
        assertEquals("{'a': [1, 2]} {'a': [1, 2, 3]} {'a': [2, 3, 1]}", str("{{ {'a': [1]} | combine({'a': [2]}, list_merge='append') }} {{ {'a': [1, 2]} | combine({'a': [2, 3]}, list_merge='append_rp') }} {{ {'a': [1, 2]} | combine({'a': [2, 3]}, list_merge='prepend_rp') }}"));
        assertEquals("{'a': [2, 3, 1, 2]} {'a': [1, 2]} {'a': {'x': [1, 2]}}", str("{{ {'a': [1, 2]} | combine({'a': [2, 3]}, list_merge='prepend') }} {{ {'a': [1, 2]} | combine({'a': [2, 3]}, list_merge='keep') }} {{ {'a': {'x': [1]}} | combine({'a': {'x': [2]}}, recursive=true, list_merge='append') }}"));
        assertEquals("{'a': {'x': [2]}} {'a': 3, 'b': 2} {'a': None} {'z': 1, 'a': {'c': 2, 'b': 1, 'd': 0}}", str("{{ {'a': {'x': [1]}} | combine({'a': {'x': [2]}}, list_merge='append') }} {{ [{'a': 1}, {'b': 2}, {'a': 3}] | combine }} {{ {'a': 1} | combine({'a': none}) }} {{ {'z': 1, 'a': {'c': 2, 'b': 1}} | combine({'a': {'d': 0}}, recursive=true) }}"));
        assertFails("{{ {'a': 1} | combine(5) }}", "combine expects a dictionary, not int"); // Ansible: failed to combine variables, expected dicts but got a 'dict' and a 'int':
        assertFails("{{ {'a': 1} | combine({'b': 1}, bogus=1) }}", "combine: 'recursive' and 'list_merge' are the only keyword arguments, not 'bogus'"); // Ansible: 'recursive' and 'list_merge' are the only valid keyword arguments
        assertFails("{{ {'a': 1} | combine({'b': 1}, list_merge='x') }}", "combine: list_merge must be one of replace, keep, append, prepend, append_rp or prepend_rp, not 'x'"); // Ansible: merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepe…
        assertFails("{{ 'x' | combine({}) }}", "combine expects a dictionary, not str"); // Ansible: failed to combine variables, expected dicts but got a 'str' and a 'dict':
    }

    /** dict2items and items2dict: their documentation's examples first */
    @Test
    void dict2itemsAndItems2dict() throws Exception {
        assertEquals("[{'key': 'a', 'value': 1}, {'key': 'b', 'value': 2}]", str("{{ {'a': 1, 'b': 2} | dict2items }}"));
        assertEquals("[{'file': 'users', 'path': '/etc/passwd'}, {'file': 'groups', 'path': '/etc/group'}]", str("{{ files_map | dict2items(key_name='file', value_name='path') }}"));
        assertEquals("{'hi': 'bye', 'ciao': 'ciao'}", str("{{ [{'key': 'hi', 'value': 'bye'}, {'key': 'ciao', 'value': 'ciao'}] | items2dict }}"));
        assertEquals("{'Application': 'payment', 'Environment': 'dev'}", str("{{ tags | items2dict }}"));
        assertEquals("[{'k': 'icc', 'v': False}, {'k': 'name', 'v': 'web'}] {'a': 1, 'b': 2} {'x': 1}", str("{{ cfg | dict2items(key_name='k', value_name='v') }} {{ pairs | items2dict }} {{ [{'k': 'x', 'v': 1}] | items2dict(key_name='k', value_name='v') }}"));
        assertFails("{{ 5 | dict2items }}", "dict2items expects a dictionary, not int"); // Ansible: Unexpected templating type error occurred on ({{ 5 | dict2items }}): dict2items requires a…
        assertFails("{{ users | dict2items }}", "dict2items expects a dictionary, not list"); // Ansible: Unexpected templating type error occurred on ({{ users | dict2items }}): dict2items requir…
    }

    /** sort, min, max, sum, round: Python's ordering and arithmetic */
    @Test
    void orderingAndArithmetic() throws Exception {
        assertEquals("[1, 1, 2, 3, 3] [3, 3, 2, 1, 1] ['A', 'b', 'c'] ['A', 'b', 'c'] ['c', 'b', 'a']", str("{{ nums | sort }} {{ nums | sort(reverse=true) }} {{ ['b', 'A', 'c'] | sort }} {{ ['b', 'A', 'c'] | sort(case_sensitive=true) }} {{ items | sort(attribute='name', reverse=true) | map(attribute='name') | list }}"));
        assertEquals("1 3 c A {'name': 'c', 'state': 'present', 'size': 1}", str("{{ nums | min }} {{ nums | max }} {{ ['b', 'A', 'c'] | max }} {{ ['b', 'A', 'c'] | min }} {{ items | max(attribute='name') }}"));
        assertEquals("10 3.5 3 [1, 2, 3] 0 6", str("{{ nums | sum }} {{ [1, 2.5] | sum }} {{ [{'n': 1}, {'n': 2}] | sum(attribute='n') }} {{ [[1], [2, 3]] | sum(start=[]) }} {{ [] | sum }} {{ [1, 2, 3] | map('int') | sum }}"));
        assertEquals("3.14 4.0 2.0 7 2.67 3.0 2.0", str("{{ 3.14159 | round(2) }} {{ 3.5 | round }} {{ 2.5 | round }} {{ 7 | round }} {{ 2.675 | round(2) }} {{ 2.1 | round(0, 'ceil') }} {{ 2.9 | round(0, 'floor') }}"));
        assertFails("{{ [3, 'a'] | sort }}", "'<' not supported between instances of 'str' and 'int'"); // Ansible: Unexpected templating type error occurred on ({{ [3, 'a'] | sort }}): '<' not supported be…
    }

    /** list, zip, dictsort and dict methods: tuples print as Python's */
    @Test
    void tuples() throws Exception {
        assertEquals("['a', 'b', 'c'] ['icc', 'name'] [('alice', 'x'), ('bob', 'y')] [('a', 2), ('b', 1)] [('icc', False), ('name', 'web')] ('/a/b.tar', '.gz') ('.bashrc', '')", str("{{ 'abc' | list }} {{ cfg | list }} {{ users | zip(['x', 'y']) | list }} {{ {'b': 1, 'a': 2} | dictsort }} {{ cfg.items() | list }} {{ '/a/b.tar.gz' | splitext }} {{ '.bashrc' | splitext }}"));
    }

    /** Lists and dictionaries stay lists and dictionaries in a playbook value. */
    @Test
    void resultsKeepTheirType() throws Exception {
        assertEquals(List.of(1L, 2L, 5L, 3L, 4L, 10L), val("{{ list1 | unique }}"));
        assertEquals(Map.of("a", Map.of("b", 3L, "c", 20L), "d", 5L), val("{{ defaults | combine(customization, recursive=true) }}"));
        assertEquals(List.of(Map.of("key", "icc", "value", false), Map.of("key", "name", "value", "web")), val("{{ cfg | dict2items }}"));
        assertEquals(List.of("a", "c"), val("{{ items | selectattr('size', 'defined') | map(attribute='name') | list }}"));
        assertEquals(10L, val("{{ nums | sum }}"));
        assertEquals(2.0, val("{{ 2.5 | round }}"));
    }
}

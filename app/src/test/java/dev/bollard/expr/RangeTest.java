package dev.bollard.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** range() as Python's: as many items as asked (Ansible has no cap), and a clear refusal past Bollard's memory guard. */
class RangeTest extends ExpressionFixture {

    @Test
    void largeRangesAreWhole() throws Exception {
        assertEquals("5000 0 4999", str("{% set r = range(5000) | list %}{{ r | length }} {{ r | first }} {{ r | last }}"));
        assertEquals("300000", str("{{ range(300000) | length }}"));
        assertEquals("1000 1000 1999", str("{% set r = range(1000, 2000) | list %}{{ r | length }} {{ r | first }} {{ r | last }}"));
        assertEquals("1500", str("{% set n = 0 %}{% for i in range(1500) %}{% if loop.last %}{{ loop.length }}{% endif %}{% endfor %}"));
    }

    @Test
    void pythonSemantics() throws Exception {
        assertEquals("[0, 1, 2] [2, 3, 4] [0, 3, 6, 9] [5, 4, 3, 2, 1] [] [] [10, 7, 4, 1]",
                str("{{ range(3) | list }} {{ range(2, 5) | list }} {{ range(0, 10, 3) | list }} {{ range(5, 0, -1) | list }} {{ range(0) | list }} {{ range(3, 1) | list }} {{ range(10, 0, -3) | list }}"));
    }

    @Test
    void pastTheGuardFailsNamingTheLimit() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> str("{{ range(50000000) | length }}"));
        assertTrue(e.getMessage().contains("50000000") && e.getMessage().contains(String.valueOf(Range.MAX_ITEMS)), e.getMessage());
        assertThrows(ExpressionException.class, () -> str("{{ range(-9000000000000000000, 9000000000000000000) | length }}"));
        ExpressionException zero = assertThrows(ExpressionException.class, () -> str("{{ range(1, 5, 0) | list }}"));
        assertTrue(zero.getMessage().contains("step"), zero.getMessage());
    }
}

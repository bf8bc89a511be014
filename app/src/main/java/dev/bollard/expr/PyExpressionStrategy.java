package dev.bollard.expr;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;

/**
 * Prints {@code {{ value }}} as Ansible does: Python's {@code str()} (True, ['a', 'b'], 1e+20),
 * except that a value that is None prints as nothing.
 */
final class PyExpressionStrategy implements ExpressionStrategy {
    private static final long serialVersionUID = 1L;

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken token, JinjavaInterpreter interpreter) {
        try {
            Object v = interpreter.resolveELExpression(token.getExpr(), token.getLineNumber());
            Object plain = v instanceof PyNone ? null : v;
            return new RenderedOutputNode(plain == null ? "" : Py.str(plain));
        } catch (Undefined.UndefinedError e) {
            throw e.at(token.getLineNumber());
        }
    }
}

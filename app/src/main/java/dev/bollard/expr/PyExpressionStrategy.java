package dev.bollard.expr;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;

/**
 * Prints {@code {{ value }}} as Python's {@code str()} does: True, ['a', 'b'], [None]; a value that
 * is None itself prints as nothing, as Ansible's finalize makes it.
 */
final class PyExpressionStrategy implements ExpressionStrategy {
    private static final long serialVersionUID = 1L;

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken token, JinjavaInterpreter interpreter) {
        try {
            Object v = interpreter.resolveELExpression(token.getExpr(), token.getLineNumber());
            return new RenderedOutputNode(v == null || v instanceof PyNone ? "" : Py.str(v));
        } catch (Undefined.UndefinedError e) {
            throw e.at(token.getLineNumber());
        }
    }
}

package dev.bollard.expr;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;

/** Prints {@code {{ value }}} as Python's {@code str()} does: True, None, ['a', 'b']. */
final class PyExpressionStrategy implements ExpressionStrategy {
    private static final long serialVersionUID = 1L;

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken token, JinjavaInterpreter interpreter) {
        try {
            Object v = interpreter.resolveELExpression(token.getExpr(), token.getLineNumber());
            return new RenderedOutputNode(Py.str(v));
        } catch (Undefined.UndefinedError e) {
            throw e.at(token.getLineNumber());
        }
    }
}

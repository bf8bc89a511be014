package dev.bollard.expr;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava with three gaps to Jinja2 closed: a test may follow a filter
 * ({@code x | default('') is search('y')}), {@code *} and {@code %} work on strings as in Python
 * ({@code '-' * 20}, {@code '%s:%d' % (host, port)}), and {@code ~} joins values as Python's
 * {@code str()} prints them ({@code True}, not {@code true}).
 */
final class PySyntax extends Jinjava {
    private final ExpressionFactory factory;

    PySyntax(JinjavaConfig config) {
        super(config);
        Properties p = new Properties();
        p.setProperty(TreeBuilder.class.getName(), ExtendedSyntaxBuilder.class.getName());
        factory = new ExpressionFactoryImpl(p, new PyConverter()) {
            @Override
            protected TreeBuilder createTreeBuilder(Properties properties, Builder.Feature... features) {
                return new PyBuilder(features);
            }
        };
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return factory;
    }

    private static final class PyBuilder extends ExtendedSyntaxBuilder {
        private static final long serialVersionUID = 1L;

        PyBuilder(Builder.Feature... features) {
            super(features);
        }

        @Override
        protected Parser createParser(String expression) {
            return new PyParser(this, expression);
        }
    }

    private static final class PyParser extends ExtendedParser {
        PyParser(Builder context, String input) {
            super(context, input);
        }

        /** Jinja2 binds filters tighter than tests: {@code a | f is t} is {@code (a | f) is t}. */
        @Override
        protected AstNode filter(boolean required) throws Scanner.ScanException, ParseException {
            AstNode v = super.filter(required);
            while (v != null && "is".equals(getToken().getImage())) {
                boolean negated = "not".equals(lookahead(0).getImage());
                if (lookahead(negated ? 1 : 0).getSymbol() != Scanner.Symbol.IDENTIFIER) break;
                consumeToken();
                if (negated) consumeToken();
                String test = consumeToken().getImage();
                List<AstNode> params = new ArrayList<>(List.of(v, interpreter()));
                AstNode arg = value();
                if (arg != null) params.add(arg);
                v = createAstMethod(createAstDot(identifier(EXPTEST_PREFIX + test), negated ? "evaluateNegated" : "evaluate", true),
                        createAstParameters(params));
            }
            return v;
        }

        @Override
        protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
            if (operator == AstBinary.MUL) return super.createAstBinary(left, right, PyOperators.MUL);
            if (operator == AstBinary.MOD) return super.createAstBinary(left, right, PyOperators.MOD);
            return super.createAstBinary(left, right, operator);
        }
    }

    /** {@code ~} and other joins to text print values as Python's {@code str()}. */
    private static final class PyConverter extends TruthyTypeConverter {
        private static final long serialVersionUID = 1L;

        @Override
        protected String coerceToString(Object value) {
            if (value instanceof Boolean || value instanceof PyNone || value instanceof Double || value instanceof Float
                    || value instanceof java.util.Collection || value instanceof java.util.Map) {
                return Py.str(value);
            }
            return super.coerceToString(value);
        }
    }
}

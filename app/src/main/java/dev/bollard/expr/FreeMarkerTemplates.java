package dev.bollard.expr;

import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code .ftl} template files, rendered with FreeMarker ({@code ${...}}, {@code <#if>}). */
public final class FreeMarkerTemplates {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static {
        System.setProperty("org.freemarker.loggerLibrary", "none");
    }

    private final Configuration config;

    public FreeMarkerTemplates() {
        config = new Configuration(Configuration.VERSION_2_3_34);
        config.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setNumberFormat("computer");
        config.setBooleanFormat("c");
        config.setAPIBuiltinEnabled(false);
        config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    }

    public String render(String name, String text, Map<String, Object> vars) throws ExpressionException {
        try {
            Template t = new Template(name, new StringReader(text), config);
            StringWriter out = new StringWriter();
            t.process(vars, out);
            return out.toString();
        } catch (ParseException e) {
            throw new ExpressionException("line " + e.getLineNumber() + ": " + firstLine(e.getEditorMessage()), null, e.getLineNumber());
        } catch (InvalidReferenceException e) {
            String blamed = e.getBlamedExpressionString();
            Matcher m = NAME.matcher(blamed == null ? "" : blamed);
            int line = e.getLineNumber() == null ? 0 : e.getLineNumber();
            return fail("line " + line + ": undefined variable '" + blamed + "'", m.find() ? m.group() : null, line);
        } catch (TemplateException e) {
            int line = e.getLineNumber() == null ? 0 : e.getLineNumber();
            throw new ExpressionException("line " + line + ": " + firstLine(e.getMessageWithoutStackTop()), null, line);
        } catch (IOException e) {
            throw new ExpressionException(e.getMessage(), null);
        }
    }

    private static String fail(String msg, String name, int line) throws ExpressionException {
        throw new ExpressionException(msg, name, line);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        for (String line : s.split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return s.strip();
    }
}

package dev.slicewise.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import org.owasp.encoder.Encode;

/**
 * A small streaming HTML/SVG writer that makes the page XSS-safe by construction: every text and attribute value
 * goes through the OWASP encoder; tag and attribute names must be plain identifiers written in this module's code;
 * the only unescaped input is {@link #trusted(String)}, used for this module's own CSS resource. Tags are checked to
 * nest properly, so a rendering bug fails loudly instead of producing a broken page.
 */
final class Html {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9:-]*");
    private static final java.util.Set<String> VOID = java.util.Set.of("meta", "link", "input", "br", "hr", "wbr");

    private final StringBuilder out = new StringBuilder(128 * 1024);
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens {@code tag}; {@code attrs} are name/value pairs, a null value leaves the attribute out. */
    Html open(String tag, String... attrs) {
        startTag(tag, attrs);
        out.append('>');
        open.push(tag);
        return this;
    }

    Html close(String tag) {
        String top = open.poll();
        if (!tag.equals(top)) throw new IllegalStateException("closing <" + tag + "> but <" + top + "> is open");
        out.append("</").append(tag).append('>');
        return this;
    }

    /** An element with text content only. */
    Html el(String tag, String text, String... attrs) {
        return open(tag, attrs).text(text).close(tag);
    }

    /** An HTML void element ({@code <meta>}, {@code <input>}) or an SVG element without children. */
    Html empty(String tag, String... attrs) {
        boolean inSvg = open.contains("svg");
        // an HTML element that is not void would swallow everything after it: open/close it instead
        if (!inSvg && !VOID.contains(tag)) throw new IllegalArgumentException("<" + tag + "> is not a void element");
        startTag(tag, attrs);
        out.append(inSvg ? "/>" : ">");
        return this;
    }

    Html text(String text) {
        if (text != null) out.append(Encode.forHtmlContent(text));
        return this;
    }

    /** Only for content owned by this module (its stylesheet); never for anything derived from input. */
    Html trusted(String ownContent) {
        out.append(ownContent);
        return this;
    }

    Html doctype() {
        out.append("<!doctype html>\n");
        return this;
    }

    private void startTag(String tag, String[] attrs) {
        if (!NAME.matcher(tag).matches()) throw new IllegalArgumentException("bad tag name " + tag);
        if (attrs.length % 2 != 0) throw new IllegalArgumentException("attributes come in name/value pairs: <" + tag + ">");
        out.append('<').append(tag);
        for (int i = 0; i < attrs.length; i += 2) {
            String name = attrs[i];
            String value = attrs[i + 1];
            if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad attribute name " + name);
            if (value == null) continue;
            out.append(' ').append(name).append("=\"").append(Encode.forHtmlAttribute(value)).append('"');
        }
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) throw new IllegalStateException("unclosed elements: " + open);
        return out.toString();
    }
}

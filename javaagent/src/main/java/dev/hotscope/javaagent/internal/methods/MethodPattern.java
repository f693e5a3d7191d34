package dev.hotscope.javaagent.internal.methods;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code probe=CLASS#METHOD} pattern. CLASS is a fully qualified binary class name (nested
 * classes with {@code $}) whose segments may hold {@code *}, any characters within one segment;
 * a whole segment {@code **} stands for any number of segments (at least one when it ends the
 * name). METHOD is a method name with {@code *} for any characters. Examples:
 * {@code com.acme.OrderService#placeOrder}, {@code com.acme.db.*#query*},
 * {@code com.acme.**.*Dao#find*}, {@code com.acme.Outer$Inner#*}.
 *
 * <p>Only methods declared by a matching class are probed, never inherited ones; constructors,
 * static initializers, abstract, native, synthetic (lambda bodies) and bridge methods never are.
 * Classes of the JDK, of Byte Buddy and of hotscope itself are never instrumented, so a pattern
 * that can only name them is rejected.
 */
public final class MethodPattern {
    /** What every error message offers as accepted. */
    static final String EXPECTED = "expected CLASS#METHOD, e.g. com.acme.OrderService#placeOrder or com.acme.db.*#query*";
    /** Name prefixes of classes that are never instrumented, whatever the pattern. */
    static final List<String> EXCLUDED_PREFIXES = List.of("java.", "jdk.", "sun.", "net.bytebuddy.",
        "dev.hotscope.agent.", "dev.hotscope.javaagent.", "dev.hotscope.usdt.", "dev.hotscope.bpf.", "dev.hotscope.jfr.",
        "dev.hotscope.lab.");

    private final String text;
    private final String classPrefix;
    private final Pattern classRegex;
    private final Pattern methodRegex;

    private MethodPattern(String text, String classPrefix, Pattern classRegex, Pattern methodRegex) {
        this.text = text;
        this.classPrefix = classPrefix;
        this.classRegex = classRegex;
        this.methodRegex = methodRegex;
    }

    /**
     * Parses a pattern.
     *
     * @param text {@code CLASS#METHOD}, surrounding blanks ignored; not null
     * @return the pattern; never null
     * @throws IllegalArgumentException one line naming what is wrong and what is accepted
     * @throws NullPointerException if the text is null
     */
    public static MethodPattern parse(String text) {
        String t = text.trim();
        int hash = t.indexOf('#');
        if (hash < 0 || hash != t.lastIndexOf('#')) {
            throw invalid(t, EXPECTED);
        }
        String classGlob = t.substring(0, hash);
        String methodGlob = t.substring(hash + 1);
        if (classGlob.isEmpty()) {
            throw invalid(t, "the class is missing; " + EXPECTED);
        }
        if (methodGlob.isEmpty()) {
            throw invalid(t, "the method is missing; " + EXPECTED + ", or " + classGlob + "#* for every method");
        }
        Pattern classRegex = classRegex(t, classGlob);
        Pattern methodRegex = methodRegex(t, methodGlob);
        String prefix = literalPrefix(classGlob);
        for (String excluded : EXCLUDED_PREFIXES) {
            if (prefix.startsWith(excluded)) {
                throw invalid(t, excluded + "* classes are never probed (the JDK's, Byte Buddy's and hotscope's own"
                    + " classes are not instrumented)");
            }
        }
        return new MethodPattern(t, prefix, classRegex, methodRegex);
    }

    /**
     * Whether a class may hold matching methods.
     *
     * @param binaryName e.g. {@code com.acme.Outer$Inner}
     */
    boolean matchesClass(String binaryName) {
        return binaryName.startsWith(classPrefix) && classRegex.matcher(binaryName).matches();
    }

    /**
     * Whether a method name matches; only meaningful for a class that {@link #matchesClass matches}.
     *
     * @param methodName e.g. {@code placeOrder}
     */
    boolean matchesMethod(String methodName) {
        return methodRegex.matcher(methodName).matches();
    }

    /** The pattern as parsed (trimmed). */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MethodPattern && ((MethodPattern) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static Pattern classRegex(String text, String classGlob) {
        String[] segments = classGlob.split("\\.", -1);
        if (segments.length == 1 && !classGlob.equals("**")) {
            throw invalid(text, "'" + classGlob + "' is not a fully qualified class name: write its package too"
                + " (com.acme." + classGlob + ") or **." + classGlob + " for any package");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            boolean afterAnySegments = i > 0 && segments[i - 1].equals("**");
            if (i > 0 && !afterAnySegments) {
                regex.append("\\.");
            }
            if (segment.equals("**")) {
                // A trailing ** is at least one segment: com.acme.** must not match the package itself.
                regex.append(last ? "[^.]+(?:\\.[^.]+)*" : "(?:[^.]+\\.)*");
            } else {
                regex.append(segmentRegex(text, classGlob, segment));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String segmentRegex(String text, String classGlob, String segment) {
        if (segment.isEmpty()) {
            throw invalid(text, "'" + classGlob + "' has an empty segment; " + EXPECTED);
        }
        if (segment.contains("**")) {
            throw invalid(text, "'**' must be a whole segment (com.acme.**.Dao), '" + segment + "' is not");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean ok = c == '*' || (i == 0 ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c));
            if (!ok) {
                throw invalid(text, "'" + segment + "' is not a class name segment: a segment holds Java identifier"
                    + " characters and * (any characters within the segment), or is ** (any number of segments)");
            }
        }
        return globToRegex(segment, "[^.]*");
    }

    private static Pattern methodRegex(String text, String methodGlob) {
        for (int i = 0; i < methodGlob.length(); i++) {
            char c = methodGlob.charAt(i);
            boolean ok = c == '*' || (i == 0 ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c));
            if (!ok) {
                throw invalid(text, "'" + methodGlob + "' is not a method name: a method is a Java identifier"
                    + " with * for any characters (parameters cannot be selected)");
            }
        }
        return Pattern.compile(globToRegex(methodGlob, ".*"));
    }

    private static String globToRegex(String glob, String star) {
        StringBuilder regex = new StringBuilder();
        int from = 0;
        for (int star1 = glob.indexOf('*'); star1 >= 0; star1 = glob.indexOf('*', from)) {
            if (star1 > from) {
                regex.append(Pattern.quote(glob.substring(from, star1)));
            }
            regex.append(star);
            from = star1 + 1;
        }
        if (from < glob.length()) {
            regex.append(Pattern.quote(glob.substring(from)));
        }
        return regex.toString();
    }

    /** The characters every matching class name starts with: a cheap test before the regex. */
    private static String literalPrefix(String classGlob) {
        int star = classGlob.indexOf('*');
        return star < 0 ? classGlob : classGlob.substring(0, star);
    }

    private static IllegalArgumentException invalid(String text, String what) {
        return new IllegalArgumentException("probe=" + text + ": " + what);
    }
}

package dev.hotscope.usdt.internal;

/** The naming rule for providers and probes: what {@code <sys/sdt.h>} and tracers accept. */
public final class Names {
    private Names() {}

    /** Longest provider or probe name accepted. */
    public static final int MAX_LENGTH = 64;

    /**
     * Checks that a name is a C identifier of at most {@link #MAX_LENGTH} characters.
     *
     * @param kind "provider" or "probe", for the message
     * @param name the name to check
     * @return the name
     * @throws IllegalArgumentException naming the rule broken
     * @throws NullPointerException if the name is null
     */
    public static String requireIdentifier(String kind, String name) {
        if (name == null) {
            throw new NullPointerException(kind + " name is null");
        }
        String problem = problemWith(name);
        if (problem != null) {
            throw new IllegalArgumentException(kind + " name '" + name + "' " + problem
                + ": use a C identifier (letters, digits, '_', not starting with a digit) of 1 to "
                + MAX_LENGTH + " characters");
        }
        return name;
    }

    private static String problemWith(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "is " + name.length() + " characters long";
        }
        if (Character.isDigit(name.charAt(0))) {
            return "starts with a digit";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!ok) {
                return "contains '" + c + "'";
            }
        }
        return null;
    }
}

package dev.hotscope.bpf.symbols;

/**
 * A compact demangler for Itanium C++ ABI symbol names, printing them the way {@code c++filt} does.
 *
 * <p>It covers what HotSpot's {@code libjvm.so} uses: nested and local names, constructors and
 * destructors, templates with type, literal and function-address arguments, substitutions,
 * {@code std::} abbreviations, operators, lambdas, pointer, reference, function, array and
 * member-pointer types, special names (vtables, thunks, guard variables) and GCC clone suffixes.
 * Anything else (general expressions, {@code decltype}, vector types) makes it return the mangled
 * name unchanged. It never throws. Stateless and thread-safe.
 */
public final class ItaniumDemangler {
    /** Longer names are returned as they are rather than risk deep recursion. */
    private static final int MAX_LENGTH = 8192;

    private ItaniumDemangler() {}

    /**
     * Demangles one symbol name.
     *
     * @param mangled the symbol name; null gives null
     * @return the demangled name, or {@code mangled} itself if it is not an Itanium C++ name or
     *     uses a construct this demangler does not support
     */
    public static String demangle(String mangled) {
        if (mangled == null || !mangled.startsWith("_Z") || mangled.length() > MAX_LENGTH) {
            return mangled;
        }
        // A symbol version (_ZSt7nothrow@GLIBCXX_3.4, @@ for the default one) is no part of the
        // mangling: c++filt demangles the name before it and keeps the version as written.
        int version = mangled.indexOf('@');
        String name = version < 0 ? mangled : mangled.substring(0, version);
        try {
            String demangled = new ManglingParser(name).demangle();
            return version < 0 ? demangled : demangled + mangled.substring(version);
        } catch (ManglingParser.Unsupported | RuntimeException | StackOverflowError e) {
            return mangled;
        }
    }
}

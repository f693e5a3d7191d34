package dev.hotscope.bpf.symbols;

/** The Itanium C++ ABI two-letter operator codes and how c++filt prints them after "operator". */
final class Operators {
    private static final String[] CODES = {
        "nw", " new", "na", " new[]", "dl", " delete", "da", " delete[]", "ps", "+", "ng", "-", "ad", "&",
        "de", "*", "co", "~", "pl", "+", "mi", "-", "ml", "*", "dv", "/", "rm", "%", "an", "&", "or", "|",
        "eo", "^", "aS", "=", "pL", "+=", "mI", "-=", "mL", "*=", "dV", "/=", "rM", "%=", "aN", "&=",
        "oR", "|=", "eO", "^=", "ls", "<<", "rs", ">>", "lS", "<<=", "rS", ">>=", "eq", "==", "ne", "!=",
        "lt", "<", "gt", ">", "le", "<=", "ge", ">=", "ss", "<=>", "nt", "!", "aa", "&&", "oo", "||",
        "pp", "++", "mm", "--", "cm", ",", "pm", "->*", "pt", "->", "cl", "()", "ix", "[]", "qu", "?",
    };

    private Operators() {}

    /** The operator's symbol for a code such as {@code ('p','l')}, or null if it is not a plain operator. */
    static String symbol(char a, char b) {
        for (int i = 0; i < CODES.length; i += 2) {
            if (CODES[i].charAt(0) == a && CODES[i].charAt(1) == b) {
                return CODES[i + 1];
            }
        }
        return null;
    }
}

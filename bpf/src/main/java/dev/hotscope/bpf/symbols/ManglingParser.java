package dev.hotscope.bpf.symbols;

import dev.hotscope.bpf.symbols.DemangledNode.AddressOf;
import dev.hotscope.bpf.symbols.DemangledNode.Affixed;
import dev.hotscope.bpf.symbols.DemangledNode.ArrayType;
import dev.hotscope.bpf.symbols.DemangledNode.Function;
import dev.hotscope.bpf.symbols.DemangledNode.FunctionType;
import dev.hotscope.bpf.symbols.DemangledNode.Lambda;
import dev.hotscope.bpf.symbols.DemangledNode.Literal;
import dev.hotscope.bpf.symbols.DemangledNode.Local;
import dev.hotscope.bpf.symbols.DemangledNode.MemberPointer;
import dev.hotscope.bpf.symbols.DemangledNode.Modifier;
import dev.hotscope.bpf.symbols.DemangledNode.Pack;
import dev.hotscope.bpf.symbols.DemangledNode.PackExpansion;
import dev.hotscope.bpf.symbols.DemangledNode.Qualified;
import dev.hotscope.bpf.symbols.DemangledNode.Template;
import dev.hotscope.bpf.symbols.DemangledNode.TemplateParam;
import dev.hotscope.bpf.symbols.DemangledNode.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the subset of the Itanium C++ ABI mangling grammar that
 * {@link ItaniumDemangler} supports. One instance parses one name.
 */
final class ManglingParser {
    /** Thrown for anything malformed or unsupported; caught by {@link ItaniumDemangler}. */
    static final class Unsupported extends Exception {
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    /** What {@link #name} found besides the name itself. */
    private static final class NameInfo {
        final DemangledNode node;
        final boolean template;
        final boolean ctorDtorOrConversion;
        final String qualifiers;

        NameInfo(DemangledNode node, boolean template, boolean ctorDtorOrConversion, String qualifiers) {
            this.node = node;
            this.template = template;
            this.ctorDtorOrConversion = ctorDtorOrConversion;
            this.qualifiers = qualifiers;
        }
    }

    private static final String[] BUILTINS = new String[128];
    private static final String[] LITERAL_SUFFIX = new String[128];

    static {
        String[][] builtins = {{"v", "void"}, {"w", "wchar_t"}, {"b", "bool"}, {"c", "char"},
            {"a", "signed char"}, {"h", "unsigned char"}, {"s", "short"}, {"t", "unsigned short"},
            {"i", "int"}, {"j", "unsigned int"}, {"l", "long"}, {"m", "unsigned long"}, {"x", "long long"},
            {"y", "unsigned long long"}, {"n", "__int128"}, {"o", "unsigned __int128"}, {"f", "float"},
            {"d", "double"}, {"e", "long double"}, {"g", "__float128"}, {"z", "..."}};
        for (String[] b : builtins) {
            BUILTINS[b[0].charAt(0)] = b[1];
        }
        String[][] suffixes = {{"i", ""}, {"j", "u"}, {"l", "l"}, {"m", "ul"}, {"x", "ll"}, {"y", "ull"}};
        for (String[] s : suffixes) {
            LITERAL_SUFFIX[s[0].charAt(0)] = s[1];
        }
    }

    private final String s;
    private int pos;
    private final List<DemangledNode> subs = new ArrayList<>();

    ManglingParser(String mangled) {
        this.s = mangled;
    }

    /** Parses the whole name (which starts with {@code _Z}) and prints it. */
    String demangle() throws Unsupported {
        pos = 2;
        DemangledNode encoding = encoding();
        StringBuilder out = new StringBuilder(s.length() + 32);
        encoding.print(out, null);
        while (pos < s.length()) {
            cloneSuffix(out);
        }
        return out.toString();
    }

    /** {@code .part.0}, {@code .isra.0}, {@code .cold}: printed as c++filt's "[clone .part.0]". */
    private void cloneSuffix(StringBuilder out) throws Unsupported {
        int start = pos;
        if (peek() != '.' || !(isLower(peekAt(1)) || isDigit(peekAt(1)) || peekAt(1) == '_')) {
            throw Unsupported.INSTANCE;
        }
        pos += 2;
        while (isLower(peek()) || isDigit(peek()) || peek() == '_') {
            pos++;
        }
        while (peek() == '.' && isDigit(peekAt(1))) {
            pos += 2;
            while (isDigit(peek())) {
                pos++;
            }
        }
        out.append(" [clone ").append(s, start, pos).append(']');
    }

    private DemangledNode encoding() throws Unsupported {
        char c = peek();
        if (c == 'G' || c == 'T') {
            return specialName();
        }
        NameInfo name = name();
        if (atEncodingEnd()) {
            return name.node;
        }
        DemangledNode result = null;
        if (name.template && !name.ctorDtorOrConversion) {
            result = type();
        }
        List<DemangledNode> params = new ArrayList<>();
        do {
            params.add(type());
        } while (!atEncodingEnd());
        return new Function(name.node, result, params, name.qualifiers);
    }

    private boolean atEncodingEnd() {
        char c = peek();
        return c == 0 || c == 'E' || c == '.';
    }

    private DemangledNode specialName() throws Unsupported {
        char c = next();
        char d = next();
        if (c == 'T') {
            switch (d) {
                case 'V': return new Affixed("vtable for ", type(), "");
                case 'T': return new Affixed("VTT for ", type(), "");
                case 'I': return new Affixed("typeinfo for ", type(), "");
                case 'S': return new Affixed("typeinfo name for ", type(), "");
                case 'H': return new Affixed("TLS init function for ", name().node, "");
                case 'W': return new Affixed("TLS wrapper function for ", name().node, "");
                case 'h':
                    callOffset('h');
                    return new Affixed("non-virtual thunk to ", encoding(), "");
                case 'v':
                    callOffset('v');
                    return new Affixed("virtual thunk to ", encoding(), "");
                case 'c':
                    callOffset(next());
                    callOffset(next());
                    return new Affixed("covariant return thunk to ", encoding(), "");
                case 'C': {
                    DemangledNode derived = type();
                    number();
                    expect('_');
                    DemangledNode base = type();
                    return new Affixed("construction vtable for ", new Pack(List.of(base, derived), "-in-"), "");
                }
                default: throw Unsupported.INSTANCE;
            }
        }
        if (c == 'G' && d == 'V') {
            return new Affixed("guard variable for ", name().node, "");
        }
        if (c == 'G' && d == 'R') {
            DemangledNode n = name().node;
            long seq = peek() == '_' ? 0 : seqId() + 1;
            expect('_');
            return new Affixed("reference temporary #" + seq + " for ", n, "");
        }
        if (c == 'G' && d == 'T') {
            char kind = next();
            if (kind == 't' || kind == 'n') {
                return new Affixed(kind == 't' ? "transaction clone for " : "non-transaction clone for ",
                    encoding(), "");
            }
        }
        throw Unsupported.INSTANCE;
    }

    private void callOffset(char kind) throws Unsupported {
        if (kind != 'h' && kind != 'v') {
            throw Unsupported.INSTANCE;
        }
        number();
        expect('_');
        if (kind == 'v') {
            number();
            expect('_');
        }
    }

    private NameInfo name() throws Unsupported {
        char c = peek();
        if (c == 'N') {
            return nestedName();
        }
        if (c == 'Z') {
            return localName();
        }
        DemangledNode n;
        boolean[] special = new boolean[1];
        if (c == 'S' && peekAt(1) == 't') {
            pos += 2;
            n = new Qualified(new Text("std"), unqualifiedName(null, special));
            if (peek() != 'I') {
                return new NameInfo(n, false, special[0], "");
            }
            subs.add(n);
        } else if (c == 'S') {
            n = substitution();
            if (peek() != 'I') {
                return new NameInfo(n, false, false, "");
            }
        } else {
            n = unqualifiedName(null, special);
            if (peek() != 'I') {
                return new NameInfo(n, false, special[0], "");
            }
            subs.add(n);
        }
        return new NameInfo(new Template(n, templateArgs()), true, false, "");
    }

    private NameInfo nestedName() throws Unsupported {
        expect('N');
        String qualifiers = cvQualifiers();
        if (peek() == 'R') {
            pos++;
            qualifiers += " &";
        } else if (peek() == 'O') {
            pos++;
            qualifiers += " &&";
        }
        DemangledNode prefix = null;
        boolean template = false;
        boolean special = false;
        while (peek() != 'E') {
            char c = peek();
            if (c == 'S' && peekAt(1) == 't') {
                if (prefix != null) {
                    throw Unsupported.INSTANCE;
                }
                pos += 2;
                prefix = new Text("std");
                continue; // "St" is no substitution candidate
            }
            if (c == 'S') {
                if (prefix != null) {
                    throw Unsupported.INSTANCE;
                }
                prefix = substitution();
                continue; // already a substitution
            }
            if (c == 'I') {
                if (prefix == null) {
                    throw Unsupported.INSTANCE;
                }
                prefix = new Template(prefix, templateArgs());
                template = true; // a constructor template stays a constructor: no return type
            } else if (c == 'T') {
                if (prefix != null) {
                    throw Unsupported.INSTANCE;
                }
                prefix = templateParam();
            } else {
                boolean[] sp = new boolean[1];
                DemangledNode u = unqualifiedName(prefix, sp);
                prefix = prefix == null ? u : new Qualified(prefix, u);
                template = false;
                special = sp[0];
            }
            if (peek() != 'E') {
                subs.add(prefix);
            }
        }
        pos++;
        if (prefix == null) {
            throw Unsupported.INSTANCE;
        }
        return new NameInfo(prefix, template, special, qualifiers);
    }

    private NameInfo localName() throws Unsupported {
        expect('Z');
        DemangledNode function = encoding();
        if (function instanceof Function) {
            function = ((Function) function).withoutResult(); // c++filt prints no return type here
        }
        expect('E');
        if (peek() == 's') {
            pos++;
            discriminator();
            return new NameInfo(new Local(function, new Text("string literal")), false, false, "");
        }
        if (peek() == 'd') {
            pos++;
            if (peek() != '_') {
                number();
            }
            expect('_');
        }
        NameInfo entity = name();
        discriminator();
        return new NameInfo(new Local(function, entity.node), entity.template, entity.ctorDtorOrConversion,
            entity.qualifiers);
    }

    private void discriminator() throws Unsupported {
        if (peek() != '_') {
            return;
        }
        if (peekAt(1) == '_') {
            pos += 2;
            number();
            expect('_');
        } else if (isDigit(peekAt(1))) {
            pos += 2;
        }
    }

    /** Parses an unqualified name; sets {@code special[0]} for constructors, destructors and conversions. */
    private DemangledNode unqualifiedName(DemangledNode scope, boolean[] special) throws Unsupported {
        char c = peek();
        DemangledNode n;
        if (isDigit(c)) {
            n = sourceName();
        } else if (c == 'L') {
            pos++;
            n = sourceName();
            discriminator();
        } else if (isLower(c)) {
            special[0] = c == 'c' && peekAt(1) == 'v';
            n = operatorName();
        } else if (c == 'C' || (c == 'D' && "01245".indexOf(peekAt(1)) >= 0)) {
            if (scope == null) {
                throw Unsupported.INSTANCE;
            }
            special[0] = true;
            n = ctorDtorName(scope);
        } else if (c == 'U') {
            n = unnamedTypeName();
        } else {
            throw Unsupported.INSTANCE;
        }
        while (peek() == 'B') {
            pos++;
            n = new Affixed("", n, "[abi:" + sourceName().simpleName() + "]");
        }
        return n;
    }

    private DemangledNode ctorDtorName(DemangledNode scope) throws Unsupported {
        char c = next();
        char kind = next();
        String simple = scope.simpleName();
        if (c == 'D') {
            return new Text("~" + simple);
        }
        if (kind == 'I') {
            kind = next();
            type(); // inheriting constructor: the base class, which c++filt does not print
        }
        if (kind < '1' || kind > '5') {
            throw Unsupported.INSTANCE;
        }
        return new Text(simple);
    }

    private DemangledNode unnamedTypeName() throws Unsupported {
        expect('U');
        char c = next();
        if (c == 't') {
            long n = peek() == '_' ? 1 : number() + 2;
            expect('_');
            return new Text("{unnamed type#" + n + "}");
        }
        if (c == 'l') {
            List<DemangledNode> params = new ArrayList<>();
            while (peek() != 'E') {
                params.add(type());
            }
            pos++;
            long n = peek() == '_' ? 1 : number() + 2;
            expect('_');
            return new Lambda(params, n);
        }
        throw Unsupported.INSTANCE;
    }

    private DemangledNode sourceName() throws Unsupported {
        long length = number();
        if (length <= 0 || pos + length > s.length()) {
            throw Unsupported.INSTANCE;
        }
        String id = s.substring(pos, pos + (int) length);
        pos += (int) length;
        if (id.startsWith("_GLOBAL_") && id.length() > 9 && ".$_".indexOf(id.charAt(8)) >= 0
            && id.charAt(9) == 'N') {
            return new Text("(anonymous namespace)");
        }
        return new Text(id);
    }

    private DemangledNode operatorName() throws Unsupported {
        char a = next();
        char b = next();
        String op = Operators.symbol(a, b);
        if (op != null) {
            return new Text("operator" + op);
        }
        if (a == 'c' && b == 'v') {
            return new Affixed("operator ", type(), "");
        }
        if (a == 'l' && b == 'i') {
            return new Text("operator\"\" " + sourceName().simpleName());
        }
        if (a == 'v' && isDigit(b)) {
            return new Text("operator " + sourceName().simpleName());
        }
        throw Unsupported.INSTANCE;
    }

    private List<DemangledNode> templateArgs() throws Unsupported {
        expect('I');
        List<DemangledNode> args = new ArrayList<>();
        while (peek() != 'E') {
            args.add(templateArg());
        }
        pos++;
        return args;
    }

    private DemangledNode templateArg() throws Unsupported {
        char c = peek();
        if (c == 'L') {
            return exprPrimary();
        }
        if (c == 'X') {
            return expression();
        }
        if (c == 'J') {
            pos++;
            List<DemangledNode> items = new ArrayList<>();
            while (peek() != 'E') {
                items.add(templateArg());
            }
            pos++;
            return new Pack(items);
        }
        return type();
    }

    /** The two expressions libjvm uses: {@code X T_ E} and {@code X ad L _Z <encoding> E E}. */
    private DemangledNode expression() throws Unsupported {
        expect('X');
        DemangledNode result;
        if (peek() == 'T') {
            result = templateParam();
        } else {
            expect('a');
            expect('d');
            if (peek() != 'L' || peekAt(1) != '_' || peekAt(2) != 'Z') {
                throw Unsupported.INSTANCE;
            }
            result = new AddressOf(exprPrimary());
        }
        expect('E');
        return result;
    }

    private DemangledNode exprPrimary() throws Unsupported {
        expect('L');
        if (peek() == '_' && peekAt(1) == 'Z') {
            pos += 2;
            DemangledNode n = encoding();
            expect('E');
            return n;
        }
        char c = peek();
        DemangledNode type = type();
        boolean negative = peek() == 'n';
        if (negative) {
            pos++;
        }
        int start = pos;
        while (isDigit(peek())) {
            pos++;
        }
        if (pos == start) {
            throw Unsupported.INSTANCE;
        }
        String value = (negative ? "-" : "") + s.substring(start, pos);
        expect('E');
        boolean builtin = type instanceof Text && c < 128 && BUILTINS[c] != null;
        if (builtin && LITERAL_SUFFIX[c] != null) {
            return new Text(value + LITERAL_SUFFIX[c]);
        }
        if (builtin && c == 'b' && (value.equals("0") || value.equals("1"))) {
            return new Text(value.equals("0") ? "false" : "true");
        }
        return new Literal(type, value);
    }

    private DemangledNode type() throws Unsupported {
        char c = peek();
        if (c < 128 && BUILTINS[c] != null) {
            pos++;
            return new Text(BUILTINS[c]);
        }
        DemangledNode t;
        switch (c) {
            case 'u':
                pos++;
                t = sourceName();
                break;
            case 'D':
                t = dType();
                if (t instanceof Text) {
                    return t; // builtins are no substitution candidates
                }
                break;
            case 'r':
            case 'V':
            case 'K': {
                String q = cvQualifiers();
                t = new Modifier(type(), q);
                break;
            }
            case 'P':
                pos++;
                t = new Modifier(type(), "*");
                break;
            case 'R':
                pos++;
                t = new Modifier(type(), "&");
                break;
            case 'O':
                pos++;
                t = new Modifier(type(), "&&");
                break;
            case 'F':
                t = functionType();
                break;
            case 'A':
                t = arrayType();
                break;
            case 'M': {
                pos++;
                DemangledNode owner = type();
                t = new MemberPointer(owner, type());
                break;
            }
            case 'T':
                t = templateParam();
                if (peek() == 'I') {
                    subs.add(t);
                    t = new Template(t, templateArgs());
                }
                break;
            case 'S':
                if (peekAt(1) != 't') {
                    DemangledNode sub = substitution();
                    if (peek() != 'I') {
                        return sub;
                    }
                    t = new Template(sub, templateArgs());
                    break;
                }
                t = name().node;
                break;
            case 'N':
            case 'Z':
            case 'U':
                t = name().node;
                break;
            default:
                if (!isDigit(c)) {
                    throw Unsupported.INSTANCE;
                }
                t = name().node;
        }
        subs.add(t);
        return t;
    }

    private DemangledNode dType() throws Unsupported {
        String builtin;
        switch (peekAt(1)) {
            case 'd': builtin = "decimal64"; break;
            case 'e': builtin = "decimal128"; break;
            case 'f': builtin = "decimal32"; break;
            case 'h': builtin = "half"; break;
            case 'i': builtin = "char32_t"; break;
            case 's': builtin = "char16_t"; break;
            case 'u': builtin = "char8_t"; break;
            case 'a': builtin = "auto"; break;
            case 'c': builtin = "decltype(auto)"; break;
            case 'n': builtin = "decltype(nullptr)"; break;
            case 'p':
                pos += 2;
                return new PackExpansion(type());
            default: throw Unsupported.INSTANCE;
        }
        pos += 2;
        return new Text(builtin);
    }

    private DemangledNode functionType() throws Unsupported {
        expect('F');
        if (peek() == 'Y') {
            pos++;
        }
        DemangledNode result = type();
        List<DemangledNode> params = new ArrayList<>();
        String ref = "";
        while (peek() != 'E') {
            if ((peek() == 'R' || peek() == 'O') && peekAt(1) == 'E') {
                ref = next() == 'R' ? " &" : " &&";
                continue;
            }
            params.add(type());
        }
        pos++;
        return new FunctionType(result, params, ref);
    }

    private DemangledNode arrayType() throws Unsupported {
        expect('A');
        DemangledNode dimension = new Text("");
        if (isDigit(peek())) {
            dimension = new Text(Long.toString(number()));
        } else if (peek() == 'T') {
            dimension = templateParam();
        } else if (peek() != '_') {
            throw Unsupported.INSTANCE;
        }
        expect('_');
        return new ArrayType(type(), dimension);
    }

    private DemangledNode templateParam() throws Unsupported {
        expect('T');
        long index = peek() == '_' ? 0 : number() + 1;
        expect('_');
        return new TemplateParam((int) index);
    }

    private DemangledNode substitution() throws Unsupported {
        expect('S');
        char c = next();
        switch (c) {
            case 'a': return new Text("std::allocator", "allocator");
            case 'b': return new Text("std::basic_string", "basic_string");
            case 's': return new Text("std::basic_string<char, std::char_traits<char>, std::allocator<char> >",
                "basic_string");
            case 'i': return new Text("std::basic_istream<char, std::char_traits<char> >", "basic_istream");
            case 'o': return new Text("std::basic_ostream<char, std::char_traits<char> >", "basic_ostream");
            case 'd': return new Text("std::basic_iostream<char, std::char_traits<char> >", "basic_iostream");
            default: break;
        }
        long index = 0;
        if (c != '_') {
            pos--;
            index = seqId() + 1;
            expect('_');
        }
        if (index >= subs.size()) {
            throw Unsupported.INSTANCE;
        }
        return subs.get((int) index);
    }

    private long seqId() throws Unsupported {
        long value = 0;
        int start = pos;
        while (isDigit(peek()) || isUpper(peek())) {
            char c = next();
            value = value * 36 + (isDigit(c) ? c - '0' : c - 'A' + 10);
            if (value > Integer.MAX_VALUE) {
                throw Unsupported.INSTANCE;
            }
        }
        if (pos == start) {
            throw Unsupported.INSTANCE;
        }
        return value;
    }

    private String cvQualifiers() {
        boolean restrict = consume('r');
        boolean volatil = consume('V');
        boolean constant = consume('K');
        return (constant ? " const" : "") + (volatil ? " volatile" : "") + (restrict ? " restrict" : "");
    }

    /** A decimal number, optionally preceded by {@code n} (negative; the sign is dropped). */
    private long number() throws Unsupported {
        consume('n');
        int start = pos;
        long value = 0;
        while (isDigit(peek())) {
            value = value * 10 + (next() - '0');
            if (value > Integer.MAX_VALUE) {
                throw Unsupported.INSTANCE;
            }
        }
        if (pos == start) {
            throw Unsupported.INSTANCE;
        }
        return value;
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws Unsupported {
        if (!consume(c)) {
            throw Unsupported.INSTANCE;
        }
    }

    /** The character at the cursor, or 0 at the end (0 matches nothing in the grammar). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private char peekAt(int ahead) {
        return pos + ahead < s.length() ? s.charAt(pos + ahead) : 0;
    }

    private char next() throws Unsupported {
        if (pos >= s.length()) {
            throw Unsupported.INSTANCE;
        }
        return s.charAt(pos++);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}

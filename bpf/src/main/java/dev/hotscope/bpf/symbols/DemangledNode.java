package dev.hotscope.bpf.symbols;

import java.util.ArrayList;
import java.util.List;

/**
 * The syntax tree of a demangled name. Template parameters stay symbolic until printing and are
 * resolved against the innermost enclosing function template being printed, as c++filt does.
 */
abstract class DemangledNode {

    /** The template arguments in force while printing; a linked list, innermost first. */
    static final class Scope {
        final List<DemangledNode> args;
        final Scope outer;
        /** Which element of an argument pack a pack expansion is printing, or -1. */
        final int packIndex;

        Scope(List<DemangledNode> args, Scope outer) {
            this(args, outer, -1);
        }

        Scope(List<DemangledNode> args, Scope outer, int packIndex) {
            this.args = args;
            this.outer = outer;
            this.packIndex = packIndex;
        }
    }

    /** Thrown while printing a template parameter that has no argument in scope. */
    static final class Unresolved extends RuntimeException {
        static final Unresolved INSTANCE = new Unresolved();

        private Unresolved() {
            super(null, null, false, false);
        }
    }

    abstract void print(StringBuilder out, Scope scope);

    /** The length of the argument pack this node expands over, or -1 if it mentions none. */
    int packLength(Scope scope) {
        return -1;
    }

    /** Whether this is an lvalue or rvalue reference type. */
    boolean isReference() {
        return false;
    }

    /** The unqualified name without template arguments, for constructor and destructor names. */
    String simpleName() {
        return toText(this, null);
    }

    static String toText(DemangledNode node, Scope scope) {
        StringBuilder out = new StringBuilder();
        node.print(out, scope);
        return out.toString();
    }

    /**
     * Prints nodes comma-separated; an empty pack prints nothing, not a dangling comma.
     *
     * @return whether the last node printed nothing after an earlier one (c++filt then writes
     *     {@code >>} rather than {@code > >})
     */
    static boolean printList(List<DemangledNode> nodes, StringBuilder out, Scope scope) {
        boolean first = true;
        boolean emptyTail = false;
        for (DemangledNode n : nodes) {
            int mark = out.length();
            if (!first) {
                out.append(", ");
            }
            int before = out.length();
            n.print(out, scope);
            emptyTail = out.length() == before && !first;
            if (out.length() == before) {
                out.setLength(mark);
            } else {
                first = false;
            }
        }
        return emptyTail;
    }

    static void printParams(List<DemangledNode> params, StringBuilder out, Scope scope) {
        out.append('(');
        if (!(params.size() == 1 && params.get(0) instanceof Text && ((Text) params.get(0)).text.equals("void"))) {
            printList(params, out, scope);
        }
        out.append(')');
    }

    static char lastChar(StringBuilder out) {
        return out.length() == 0 ? 0 : out.charAt(out.length() - 1);
    }

    static final class Text extends DemangledNode {
        final String text;
        final String simple;

        Text(String text) {
            this(text, text);
        }

        Text(String text, String simple) {
            this.text = text;
            this.simple = simple;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            out.append(text);
        }

        @Override
        String simpleName() {
            return simple;
        }
    }

    /** Text around a node, e.g. "vtable for " + type, or "operator " + type. */
    static final class Affixed extends DemangledNode {
        final String prefix;
        final DemangledNode node;
        final String suffix;

        Affixed(String prefix, DemangledNode node, String suffix) {
            this.prefix = prefix;
            this.node = node;
            this.suffix = suffix;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            out.append(prefix);
            node.print(out, scope);
            out.append(suffix);
        }

        @Override
        String simpleName() {
            return prefix.isEmpty() && suffix.startsWith("[abi:") ? node.simpleName() : super.simpleName();
        }
    }

    static class Qualified extends DemangledNode {
        final DemangledNode scope;
        final DemangledNode name;

        Qualified(DemangledNode scope, DemangledNode name) {
            this.scope = scope;
            this.name = name;
        }

        @Override
        void print(StringBuilder out, Scope s) {
            scope.print(out, s);
            out.append("::");
            name.print(out, s);
        }

        @Override
        String simpleName() {
            return name.simpleName();
        }
    }

    /** An entity local to a function: {@code f()::x}. */
    static final class Local extends Qualified {
        Local(DemangledNode function, DemangledNode entity) {
            super(function, entity);
        }
    }

    static final class Template extends DemangledNode {
        final DemangledNode name;
        final List<DemangledNode> args;

        Template(DemangledNode name, List<DemangledNode> args) {
            this.name = name;
            this.args = args;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            name.print(out, scope);
            if (lastChar(out) == '<') {
                out.append(' ');
            }
            out.append('<');
            boolean emptyTail = printList(args, out, scope);
            if (lastChar(out) == '>' && !emptyTail) {
                out.append(' ');
            }
            out.append('>');
        }

        @Override
        String simpleName() {
            return name.simpleName();
        }
    }

    static final class TemplateParam extends DemangledNode {
        final int index;

        TemplateParam(int index) {
            this.index = index;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            resolve(scope).print(out, scope.outer);
        }

        /** The argument this parameter stands for; print it with {@code scope.outer}. */
        DemangledNode resolve(Scope scope) {
            if (scope == null || index >= scope.args.size()) {
                throw Unresolved.INSTANCE;
            }
            DemangledNode arg = scope.args.get(index);
            if (arg instanceof Pack && scope.packIndex >= 0) {
                List<DemangledNode> items = ((Pack) arg).items;
                if (scope.packIndex >= items.size()) {
                    throw Unresolved.INSTANCE;
                }
                return items.get(scope.packIndex);
            }
            return arg;
        }

        @Override
        int packLength(Scope scope) {
            if (scope == null || index >= scope.args.size() || !(scope.args.get(index) instanceof Pack)) {
                return -1;
            }
            return ((Pack) scope.args.get(index)).items.size();
        }
    }

    /** {@code Dp}: a pattern repeated for each element of the argument pack it mentions. */
    static final class PackExpansion extends DemangledNode {
        final DemangledNode pattern;

        PackExpansion(DemangledNode pattern) {
            this.pattern = pattern;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            int length = pattern.packLength(scope);
            if (length < 0) {
                pattern.print(out, scope);
                return;
            }
            List<DemangledNode> items = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                int index = i;
                items.add(new DemangledNode() {
                    @Override
                    void print(StringBuilder o, Scope s) {
                        pattern.print(o, new Scope(s.args, s.outer, index));
                    }
                });
            }
            printList(items, out, scope);
        }
    }

    /** A template argument pack, printed comma-separated; or any nodes with another separator. */
    static final class Pack extends DemangledNode {
        final List<DemangledNode> items;
        final String separator;

        Pack(List<DemangledNode> items) {
            this(items, ", ");
        }

        Pack(List<DemangledNode> items, String separator) {
            this.items = items;
            this.separator = separator;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            if (separator.equals(", ")) {
                printList(items, out, scope);
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                out.append(i == 0 ? "" : separator);
                items.get(i).print(out, scope);
            }
        }
    }

    /** A literal template argument: {@code 3u}, {@code true}, {@code (MEMFLAGS)5}. */
    static final class Literal extends DemangledNode {
        final DemangledNode type;
        final String value;

        Literal(DemangledNode type, String value) {
            this.type = type;
            this.value = value;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            out.append('(');
            type.print(out, scope);
            out.append(')').append(value);
        }
    }

    static final class Lambda extends DemangledNode {
        final List<DemangledNode> params;
        final long number;

        Lambda(List<DemangledNode> params, long number) {
            this.params = params;
            this.number = number;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            out.append("{lambda");
            printParams(params, out, scope);
            out.append('#').append(number).append('}');
        }
    }

    /** A pointer, reference or cv-qualifier applied to a type; {@code suffix} is e.g. "*" or " const". */
    static final class Modifier extends DemangledNode {
        final DemangledNode inner;
        final String suffix;

        Modifier(DemangledNode inner, String suffix) {
            this.inner = inner;
            this.suffix = suffix;
        }

        @Override
        boolean isReference() {
            return suffix.equals("&") || suffix.equals("&&");
        }

        @Override
        int packLength(Scope scope) {
            return inner.packLength(scope);
        }

        boolean isCv() {
            return suffix.startsWith(" ");
        }

        /**
         * Prints the chain of modifiers down to its base type, looking through template parameters
         * the way the C++ type system does: references collapse ({@code T& &&} is {@code T&}), a
         * qualifier already present or applied to a reference is dropped, and one applied to an
         * array moves to its element type.
         */
        @Override
        void print(StringBuilder out, Scope scope) {
            List<Modifier> chain = new ArrayList<>(); // outermost first
            DemangledNode base = this;
            Scope baseScope = scope;
            while (true) {
                if (base instanceof Modifier) {
                    Modifier m = (Modifier) base;
                    append(chain, m);
                    base = m.inner;
                } else if (base instanceof TemplateParam) {
                    base = ((TemplateParam) base).resolve(baseScope);
                    baseScope = baseScope.outer;
                } else {
                    break;
                }
            }
            if (base instanceof ArrayType) {
                DemangledNode element = ((ArrayType) base).element;
                while (!chain.isEmpty() && chain.get(chain.size() - 1).isCv()) {
                    element = new Modifier(element, chain.remove(chain.size() - 1).suffix);
                }
                base = new ArrayType(element, ((ArrayType) base).dimension);
            }
            if (base instanceof Declarator) {
                ((Declarator) base).printWith(chain, out, baseScope);
                return;
            }
            base.print(out, baseScope);
            Declarator.printChain(chain, out);
        }

        private static void append(List<Modifier> chain, Modifier inner) {
            if (chain.isEmpty()) {
                chain.add(inner);
                return;
            }
            Modifier outer = chain.get(chain.size() - 1);
            if (outer.isReference() && inner.isReference()) {
                boolean rvalue = outer.suffix.equals("&&") && inner.suffix.equals("&&");
                chain.set(chain.size() - 1, new Modifier(null, rvalue ? "&&" : "&"));
            } else if (outer.isCv() && (inner.isReference() || inner.suffix.equals(outer.suffix))) {
                chain.set(chain.size() - 1, inner);
            } else {
                chain.add(inner);
            }
        }
    }

    /** A type whose modifiers go inside it: function, array and member-pointer types. */
    abstract static class Declarator extends DemangledNode {
        /** Prints the type with the modifiers, outermost first in {@code chain}, at the declarator spot. */
        abstract void printWith(List<Modifier> chain, StringBuilder out, Scope scope);

        @Override
        void print(StringBuilder out, Scope scope) {
            printWith(List.of(), out, scope);
        }

        static void printChain(List<Modifier> chain, StringBuilder out) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                out.append(chain.get(i).suffix);
            }
        }
    }

    static final class FunctionType extends Declarator {
        final DemangledNode result;
        final List<DemangledNode> params;
        final String qualifiers;

        FunctionType(DemangledNode result, List<DemangledNode> params, String qualifiers) {
            this.result = result;
            this.params = params;
            this.qualifiers = qualifiers;
        }

        @Override
        void printWith(List<Modifier> chain, StringBuilder out, Scope scope) {
            printWithClass(null, chain, "", out, scope);
        }

        void printWithClass(DemangledNode memberOf, List<Modifier> chain, String cv, StringBuilder out, Scope scope) {
            result.print(out, scope);
            out.append(' ');
            if (memberOf != null || !chain.isEmpty()) {
                out.append('(');
                if (memberOf != null) {
                    memberOf.print(out, scope);
                    out.append("::*");
                }
                printChain(chain, out);
                out.append(')');
            }
            printParams(params, out, scope);
            out.append(cv).append(qualifiers);
        }
    }

    static final class ArrayType extends Declarator {
        final DemangledNode element;
        final DemangledNode dimension;

        ArrayType(DemangledNode element, DemangledNode dimension) {
            this.element = element;
            this.dimension = dimension;
        }

        @Override
        void printWith(List<Modifier> chain, StringBuilder out, Scope scope) {
            element.print(out, scope);
            out.append(' ');
            if (!chain.isEmpty()) {
                out.append('(');
                printChain(chain, out);
                out.append(") ");
            }
            out.append('[');
            dimension.print(out, scope);
            out.append(']');
        }
    }

    static final class MemberPointer extends Declarator {
        final DemangledNode owner;
        final DemangledNode member;

        MemberPointer(DemangledNode owner, DemangledNode member) {
            this.owner = owner;
            this.member = member;
        }

        @Override
        void printWith(List<Modifier> chain, StringBuilder out, Scope scope) {
            if (member instanceof FunctionType) {
                ((FunctionType) member).printWithClass(owner, chain, "", out, scope);
                return;
            }
            if (member instanceof Modifier && ((Modifier) member).inner instanceof FunctionType
                && ((Modifier) member).suffix.startsWith(" ")) {
                ((FunctionType) ((Modifier) member).inner)
                    .printWithClass(owner, chain, ((Modifier) member).suffix, out, scope);
                return;
            }
            member.print(out, scope);
            out.append(' ');
            owner.print(out, scope);
            out.append("::*");
            printChain(chain, out);
        }
    }

    /** A function: its name, parameters, and the return type when the name is a template. */
    static final class Function extends DemangledNode {
        final DemangledNode name;
        final DemangledNode result;
        final List<DemangledNode> params;
        final String qualifiers;

        Function(DemangledNode name, DemangledNode result, List<DemangledNode> params, String qualifiers) {
            this.name = name;
            this.result = result;
            this.params = params;
            this.qualifiers = qualifiers;
        }

        Function withoutResult() {
            return result == null ? this : new Function(name, null, params, qualifiers);
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            Scope inner = scope;
            DemangledNode typed = name instanceof Local ? ((Local) name).name : name;
            if (typed instanceof Template) {
                inner = new Scope(((Template) typed).args, scope);
            }
            if (result != null) {
                result.print(out, inner);
                out.append(' ');
            }
            name.print(out, inner);
            printParams(params, out, inner);
            out.append(qualifiers);
        }
    }

    /** {@code &f}: a member function prints without its parameters, a free one in parentheses. */
    static final class AddressOf extends DemangledNode {
        final DemangledNode target;

        AddressOf(DemangledNode target) {
            this.target = target;
        }

        @Override
        void print(StringBuilder out, Scope scope) {
            if (target instanceof Function && ((Function) target).name instanceof Qualified
                && !(((Function) target).name instanceof Local)) {
                out.append('&');
                ((Function) target).name.print(out, scope);
                return;
            }
            out.append("&(");
            target.print(out, scope);
            out.append(')');
        }
    }
}

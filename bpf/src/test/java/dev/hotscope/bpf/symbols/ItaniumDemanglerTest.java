package dev.hotscope.bpf.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hotscope.bpf.threads.ForkedProcess;
import dev.hotscope.usdt.elf.ElfReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ItaniumDemanglerTest {
    static Stream<Arguments> libjvms() {
        return Stream.of(Arguments.of(ForkedProcess.JDK17.resolve("lib/server/libjvm.so")),
            Arguments.of(ForkedProcess.JDK25.resolve("lib/server/libjvm.so")));
    }

    /**
     * Every distinct {@code _Z} name of libjvm.so's symbol tables (functions, objects, vtables,
     * guard variables, versioned names: about 54,000 for JDK 17 and 65,000 for JDK 25), compared
     * with c++filt. The one difference allowed is c++filt's: binutils 2.40 leaves reference
     * temporaries ({@code _ZGR...}) mangled, which we print as LLVM's demangler does.
     */
    @ParameterizedTest
    @MethodSource("libjvms")
    void matchesCxxFiltOnEveryLibjvmSymbol(Path libjvm) throws Exception {
        assumeTrue(CxxFilt.available(), "c++filt (binutils) is not installed");
        assumeTrue(Files.isRegularFile(libjvm), libjvm + " is not installed");
        List<String> names = cxxNames(libjvm, false);
        List<String> expected = CxxFilt.demangle(names);

        List<String> mismatches = new ArrayList<>();
        int referenceTemporaries = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String actual = ItaniumDemangler.demangle(name);
            if (name.startsWith("_ZGR") && expected.get(i).equals(name)) {
                referenceTemporaries++;
                assertThat(actual).as(name).startsWith("reference temporary #");
            } else if (!actual.equals(expected.get(i))) {
                mismatches.add(name + "\n    ours:     " + actual + "\n    c++filt:  " + expected.get(i));
            }
        }
        System.out.printf("demangler vs c++filt on %s: %d names, %d differ, %d reference temporaries%n", libjvm,
            names.size(), mismatches.size(), referenceTemporaries);

        assertThat(names).hasSizeGreaterThan(50_000);
        assertThat(mismatches).as("names demangled unlike c++filt").isEmpty();
    }

    @Test
    void symbolVersionsFollowTheDemangledName() {
        assertDemangles("_ZSt7nothrow@GLIBCXX_3.4", "std::nothrow@GLIBCXX_3.4");
        assertDemangles("_Z3foov@@GLIBC_2.2.5", "foo()@@GLIBC_2.2.5");
        assertDemangles("_ZN3Foo3barEv.cold@V1", "Foo::bar() [clone .cold]@V1");
        assertThat(ItaniumDemangler.demangle("_ZN3Foo@V1")).isEqualTo("_ZN3Foo@V1");
        assertThat(ItaniumDemangler.demangle("memcpy@GLIBC_2.14")).isEqualTo("memcpy@GLIBC_2.14");
    }

    @Test
    void namesAndScopes() {
        assertDemangles("_Z3fooi", "foo(int)");
        assertDemangles("_ZN9JavaCalls11call_helperEP9JavaValueRK12methodHandleP17JavaCallArgumentsP10JavaThread",
            "JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, JavaThread*)");
        assertDemangles("_ZNK10OopStorage18find_block_or_nullEPKP7oopDesc",
            "OopStorage::find_block_or_null(oopDesc* const*) const");
        assertDemangles("_ZN12_GLOBAL__N_13fooEv", "(anonymous namespace)::foo()");
        assertDemangles("_ZL10staticFuncPKcz", "staticFunc(char const*, ...)");
        assertDemangles("_ZZN3Foo3barEvE5count", "Foo::bar()::count");
        assertDemangles("_ZZ4mainE1x_0", "main::x");
    }

    @Test
    void constructorsAndDestructors() {
        assertDemangles("_ZN8CallInfoC1EP6MethodP5KlassP10JavaThread", "CallInfo::CallInfo(Method*, Klass*, JavaThread*)");
        assertDemangles("_ZN22JfrThreadGroupConstantD0Ev", "JfrThreadGroupConstant::~JfrThreadGroupConstant()");
        assertDemangles("_ZN3FooIiEC2ERKS0_", "Foo<int>::Foo(Foo<int> const&)");
        assertDemangles("_ZNSsC1IPKcEET_S2_RKSaIcE",
            "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string<char const*>"
                + "(char const*, char const*, std::allocator<char> const&)");
    }

    @Test
    void templatesLiteralsAndSubstitutions() {
        assertDemangles("_ZN8CHeapObjIL8MEMFLAGS5EEnwEm", "CHeapObj<(MEMFLAGS)5>::operator new(unsigned long)");
        assertDemangles("_Z1fIiEvT_", "void f<int>(int)");
        assertDemangles("_Z1fILb1ELj4ELm7ELin3EEvv", "void f<true, 4u, 7ul, -3>()");
        assertDemangles("_ZN5OuterIN5Inner1AEE3getERKS1_", "Outer<Inner::A>::get(Inner::A const&)");
        assertDemangles("_Z3maxIN3foo3BarEERKT_S4_S4_",
            "foo::Bar const& max<foo::Bar>(foo::Bar const&, foo::Bar const&)");
        assertDemangles("_ZNSt6vectorIiSaIiEE9push_backERKi",
            "std::vector<int, std::allocator<int> >::push_back(int const&)");
        assertDemangles("_Z1fSt6vectorIS_IiSaIiEESaIS1_EE",
            "f(std::vector<std::vector<int, std::allocator<int> >, std::allocator<std::vector<int, std::allocator<int> > > >)");
        assertDemangles("_Z18get_header_versionILi256EEvRAT__c", "void get_header_version<256>(char (&) [256])");
    }

    @Test
    void operatorsAndSpecialNames() {
        assertDemangles("_ZN6VectoraSERKS_", "Vector::operator=(Vector const&)");
        assertDemangles("_ZNK4Pair3getEv", "Pair::get() const");
        assertDemangles("_ZN3FoocvbEv", "Foo::operator bool()");
        assertDemangles("_ZlsRSoRK3Foo",
            "operator<<(std::basic_ostream<char, std::char_traits<char> >&, Foo const&)");
        assertDemangles("_ZN4ListIiEixEm", "List<int>::operator[](unsigned long)");
        assertDemangles("_ZTV10OopClosure", "vtable for OopClosure");
        assertDemangles("_ZTI6Thread", "typeinfo for Thread");
        assertDemangles("_ZThn8_N3Foo3barEv", "non-virtual thunk to Foo::bar()");
        assertDemangles("_ZGVZN3Foo3barEvE1x", "guard variable for Foo::bar()::x");
    }

    @Test
    void functionPointersArraysAndMemberPointers() {
        assertDemangles("_Z3regPFviE", "reg(void (*)(int))");
        assertDemangles("_Z3regPFPKcvE", "reg(char const* (*)())");
        assertDemangles("_Z1fPA10_i", "f(int (*) [10])");
        assertDemangles("_Z1fM3FooFvvE", "f(void (Foo::*)())");
        assertDemangles("_Z1fM3FooKFivE", "f(int (Foo::*)() const)");
        assertDemangles("_Z1fM3Fooi", "f(int Foo::*)");
        assertDemangles("_Z1fRA3_Kc", "f(char const (&) [3])");
    }

    @Test
    void lambdasClonesAndAbiTags() {
        assertDemangles("_ZZN4Heap4scanEvENKUlP7oopDescE_clES1_",
            "Heap::scan()::{lambda(oopDesc*)#1}::operator()(oopDesc*) const");
        assertDemangles("_ZN7Monitor4waitEl.part.0", "Monitor::wait(long) [clone .part.0]");
        assertDemangles("_ZN3Foo3barEv.cold", "Foo::bar() [clone .cold]");
        assertDemangles("_ZN4llvm5Twine3strB5cxx11Ev", "llvm::Twine::str[abi:cxx11]()");
    }

    @Test
    void returnsAnythingElseUnchanged() {
        assertThat(ItaniumDemangler.demangle("malloc")).isEqualTo("malloc");
        assertThat(ItaniumDemangler.demangle("")).isEmpty();
        assertThat(ItaniumDemangler.demangle(null)).isNull();
        assertThat(ItaniumDemangler.demangle("_Z")).isEqualTo("_Z");
        assertThat(ItaniumDemangler.demangle("_ZN3Foo")).isEqualTo("_ZN3Foo");
        assertThat(ItaniumDemangler.demangle("_Z1fIiEDTcl1gfp_EET_")).isEqualTo("_Z1fIiEDTcl1gfp_EET_");
    }

    @Test
    void neverThrowsOnTruncatedOrMutatedNames() throws Exception {
        Path libjvm = ForkedProcess.JDK17.resolve("lib/server/libjvm.so");
        assumeTrue(Files.isRegularFile(libjvm), libjvm + " is not installed");
        Random random = new Random(42);
        String alphabet = "_ZNKSEIJLTXDCvicPRO0123456789abz";
        for (String name : sample(cxxNames(libjvm, true), 300)) {
            for (int end = 2; end <= name.length(); end++) {
                String prefix = name.substring(0, end);
                assertThatCode(() -> ItaniumDemangler.demangle(prefix)).doesNotThrowAnyException();
            }
            for (int i = 0; i < 20; i++) {
                char[] chars = name.toCharArray();
                chars[2 + random.nextInt(chars.length - 2)] = alphabet.charAt(random.nextInt(alphabet.length()));
                String mutated = new String(chars);
                assertThatCode(() -> ItaniumDemangler.demangle(mutated)).doesNotThrowAnyException();
            }
        }
        String deep = "_Z1f" + "P".repeat(100_000) + "i";
        assertThat(ItaniumDemangler.demangle(deep)).isEqualTo(deep);
    }

    private static void assertDemangles(String mangled, String expected) {
        assertThat(ItaniumDemangler.demangle(mangled)).as(mangled).isEqualTo(expected);
    }

    /** Distinct {@code _Z} names of a file's symbol tables, of functions only or of every symbol; sorted. */
    static List<String> cxxNames(Path file, boolean functionsOnly) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (ElfReader.Symbol s : NativeAddresses.symbols(file)) {
            if ((!functionsOnly || s.type() == 2) && s.name().startsWith("_Z")) {
                names.add(s.name());
            }
        }
        return new ArrayList<>(names);
    }

    /** Every k-th element, for an even spread over the sorted names. */
    static List<String> sample(List<String> all, int count) {
        List<String> result = new ArrayList<>(count);
        double step = (double) all.size() / count;
        for (int i = 0; i < count && i * step < all.size(); i++) {
            result.add(all.get((int) (i * step)));
        }
        return result;
    }
}

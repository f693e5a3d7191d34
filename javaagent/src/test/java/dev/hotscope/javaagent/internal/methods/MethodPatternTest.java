package dev.hotscope.javaagent.internal.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodPatternTest {
    @Test
    void exactPatternSelectsOneClassAndOneMethodName() {
        MethodPattern p = MethodPattern.parse("com.acme.OrderService#placeOrder");
        assertThat(p.matchesClass("com.acme.OrderService")).isTrue();
        assertThat(p.matchesClass("com.acme.OrderServiceImpl")).isFalse();
        assertThat(p.matchesClass("com.acme.sub.OrderService")).isFalse();
        assertThat(p.matchesClass("xcom.acme.OrderService")).isFalse();
        assertThat(p.matchesMethod("placeOrder")).isTrue();
        assertThat(p.matchesMethod("placeOrders")).isFalse();
        assertThat(p.toString()).isEqualTo("com.acme.OrderService#placeOrder");
    }

    @Test
    void singleStarStaysWithinOneSegment() {
        MethodPattern p = MethodPattern.parse("com.acme.db.*#query*");
        assertThat(p.matchesClass("com.acme.db.UserRepository")).isTrue();
        assertThat(p.matchesClass("com.acme.db.Outer$Inner")).isTrue();
        assertThat(p.matchesClass("com.acme.db.sub.UserRepository")).isFalse();
        assertThat(p.matchesClass("com.acme.dbx.UserRepository")).isFalse();
        assertThat(p.matchesMethod("query")).isTrue();
        assertThat(p.matchesMethod("queryById")).isTrue();
        assertThat(p.matchesMethod("save")).isFalse();
    }

    @Test
    void starInsideASegmentMatchesPartOfIt() {
        MethodPattern p = MethodPattern.parse("com.acme.*Service#*");
        assertThat(p.matchesClass("com.acme.OrderService")).isTrue();
        assertThat(p.matchesClass("com.acme.Service")).isTrue();
        assertThat(p.matchesClass("com.acme.OrderServices")).isFalse();
        assertThat(p.matchesMethod("anything")).isTrue();
    }

    @Test
    void doubleStarSpansSegments() {
        MethodPattern trailing = MethodPattern.parse("com.acme.**#find*");
        assertThat(trailing.matchesClass("com.acme.Dao")).isTrue();
        assertThat(trailing.matchesClass("com.acme.a.b.Dao")).isTrue();
        assertThat(trailing.matchesClass("com.acme")).isFalse();
        assertThat(trailing.matchesClass("com.acmex.Dao")).isFalse();

        MethodPattern middle = MethodPattern.parse("com.acme.**.*Dao#find");
        assertThat(middle.matchesClass("com.acme.UserDao")).isTrue();
        assertThat(middle.matchesClass("com.acme.db.jdbc.UserDao")).isTrue();
        assertThat(middle.matchesClass("com.acme.db.UserDaoImpl")).isFalse();

        MethodPattern leading = MethodPattern.parse("**.OrderService#placeOrder");
        assertThat(leading.matchesClass("com.acme.OrderService")).isTrue();
        assertThat(leading.matchesClass("OrderService")).isTrue();
        assertThat(leading.matchesClass("com.acme.MyOrderService")).isFalse();
    }

    @Test
    void regexCharactersAreLiteral() {
        MethodPattern p = MethodPattern.parse("com.acme.Outer$Inner#run");
        assertThat(p.matchesClass("com.acme.Outer$Inner")).isTrue();
        assertThat(p.matchesClass("com.acme.OuterInner")).isFalse();
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(MethodPattern.parse("  com.acme.A#b ")).isEqualTo(MethodPattern.parse("com.acme.A#b"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "com.acme|probe=com.acme: expected CLASS#METHOD, e.g. com.acme.OrderService#placeOrder or com.acme.db.*#query*",
        "com.acme.A#b#c|probe=com.acme.A#b#c: expected CLASS#METHOD",
        "#placeOrder|probe=#placeOrder: the class is missing; expected CLASS#METHOD",
        "com.acme.OrderService#|probe=com.acme.OrderService#: the method is missing; expected CLASS#METHOD, e.g. com.acme.OrderService#placeOrder or com.acme.db.*#query*, or com.acme.OrderService#* for every method",
        "OrderService#placeOrder|probe=OrderService#placeOrder: 'OrderService' is not a fully qualified class name: write its package too (com.acme.OrderService) or **.OrderService for any package",
        "com..OrderService#x|probe=com..OrderService#x: 'com..OrderService' has an empty segment",
        "com.acme.#x|probe=com.acme.#x: 'com.acme.' has an empty segment",
        "com.acme.Order-Service#x|probe=com.acme.Order-Service#x: 'Order-Service' is not a class name segment: a segment holds Java identifier characters and * (any characters within the segment), or is ** (any number of segments)",
        "com.1acme.A#x|probe=com.1acme.A#x: '1acme' is not a class name segment",
        "com.acme.Order Service#x|probe=com.acme.Order Service#x: 'Order Service' is not a class name segment",
        "com.a**.Dao#x|probe=com.a**.Dao#x: '**' must be a whole segment (com.acme.**.Dao), 'a**' is not",
        "com.acme.A#bar(int)|probe=com.acme.A#bar(int): 'bar(int)' is not a method name: a method is a Java identifier with * for any characters (parameters cannot be selected)",
        "com.acme.A#a.b|probe=com.acme.A#a.b: 'a.b' is not a method name",
        "java.util.HashMap#get|probe=java.util.HashMap#get: java.* classes are never probed (the JDK's, Byte Buddy's and hotscope's own classes are not instrumented)",
        "jdk.internal.misc.*#*|probe=jdk.internal.misc.*#*: jdk.* classes are never probed",
        "net.bytebuddy.**#*|probe=net.bytebuddy.**#*: net.bytebuddy.* classes are never probed",
        "dev.hotscope.usdt.Probe#fire|probe=dev.hotscope.usdt.Probe#fire: dev.hotscope.usdt.* classes are never probed",
        "dev.hotscope.agent.bootstrap.*#*|probe=dev.hotscope.agent.bootstrap.*#*: dev.hotscope.agent.* classes are never probed",
    })
    void badPatternsSayWhatIsWrongAndWhatIsAccepted(String text, String messageStart) {
        assertThatThrownBy(() -> MethodPattern.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(messageStart)
            .message().doesNotContain("\n");
    }

    @Test
    void patternsThatMerelyStartLikeExcludedPackagesAreAccepted() {
        assertThat(MethodPattern.parse("javax.servlet.http.HttpServlet#service").matchesClass("javax.servlet.http.HttpServlet"))
            .isTrue();
        assertThat(MethodPattern.parse("java*.app.A#b").matchesClass("javafx.app.A")).isTrue();
        assertThat(MethodPattern.parse("dev.acme.A#b").matchesClass("dev.acme.A")).isTrue();
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> MethodPattern.parse(null)).isInstanceOf(NullPointerException.class);
    }
}

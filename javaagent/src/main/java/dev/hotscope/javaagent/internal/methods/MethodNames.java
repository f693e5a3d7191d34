package dev.hotscope.javaagent.internal.methods;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Names probed methods as tracers and users see them: {@code com.acme.OrderService#placeOrder(String,int)}.
 * Parameter types are written without their package so the name fits bpftrace's default 64-byte
 * {@code str()} more often; the class is written in full since patterns select by it.
 */
final class MethodNames {
    private MethodNames() {}

    static String of(TypeDescription type, MethodDescription method) {
        StringBuilder name = new StringBuilder(type.getName()).append('#').append(method.getName()).append('(');
        boolean first = true;
        for (TypeDescription parameter : method.getParameters().asTypeList().asErasures()) {
            if (!first) {
                name.append(',');
            }
            first = false;
            name.append(withoutPackage(parameter.getActualName()));
        }
        return name.append(')').toString();
    }

    static String withoutPackage(String typeName) {
        return typeName.substring(typeName.lastIndexOf('.') + 1);
    }
}

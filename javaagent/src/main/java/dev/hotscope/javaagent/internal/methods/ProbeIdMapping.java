package dev.hotscope.javaagent.internal.methods;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Binds {@link ProbeId} parameters to the id the registry gave the instrumented method, written
 * into the method's code as a constant: the advice needs no lookup at run time.
 */
final class ProbeIdMapping implements Advice.OffsetMapping.Factory<ProbeId> {
    private final MethodRegistry registry;

    ProbeIdMapping(MethodRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Class<ProbeId> getAnnotationType() {
        return ProbeId.class;
    }

    @Override
    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                     AnnotationDescription.Loadable<ProbeId> annotation, AdviceType adviceType) {
        if (!target.getType().represents(int.class)) {
            throw new IllegalStateException("@ProbeId must annotate an int parameter: " + target);
        }
        return this::resolve;
    }

    private Advice.OffsetMapping.Target resolve(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                                                Assigner assigner, Advice.ArgumentHandler argumentHandler,
                                                Advice.OffsetMapping.Sort sort) {
        String name = MethodNames.of(instrumentedType, instrumentedMethod);
        int id = registry.idOf(name);
        if (id < 0) {
            // The transformer registers every method it hands to the advice; this is a bug.
            throw new IllegalStateException("no probe id for " + name);
        }
        return new Advice.OffsetMapping.Target.ForStackManipulation(IntegerConstant.forValue(id));
    }
}

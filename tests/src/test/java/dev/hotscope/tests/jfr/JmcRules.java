package dev.hotscope.tests.jfr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Collectors;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.DependsOn;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.ResultToolkit;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedCollectionResult;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;

/**
 * JMC's automated analysis over a recording, as its UI runs it: every registered rule (JDK rules
 * from flightrecorder.rules.jdk), each after the rules it depends on, with the results of those
 * available to it.
 */
final class JmcRules {
    /** A rule's result, or what it threw. */
    record Outcome(String ruleId, Severity severity, String summary, Throwable failure) {
        @Override
        public String toString() {
            return failure != null ? ruleId + " THREW " + failure : ruleId + " " + severity + ": " + summary;
        }
    }

    private JmcRules() {}

    /** Every rule's outcome by rule id. */
    static Map<String, Outcome> evaluate(IItemCollection items) {
        List<IResult> done = new ArrayList<>();
        Map<String, Outcome> outcomes = new TreeMap<>();
        IResultValueProvider provider = new Provider(done);
        for (IRule rule : inDependencyOrder(RuleRegistry.getRules())) {
            outcomes.put(rule.getId(), run(rule, items, provider, done));
        }
        return outcomes;
    }

    private static Outcome run(IRule rule, IItemCollection items, IResultValueProvider provider, List<IResult> done) {
        try {
            RunnableFuture<IResult> evaluation = rule.createEvaluation(items, IPreferenceValueProvider.DEFAULT_VALUES,
                provider);
            evaluation.run();
            IResult result = evaluation.get();
            done.add(result);
            return new Outcome(rule.getId(), result.getSeverity(),
                ResultToolkit.populateMessage(result, result.getSummary(), false), null);
        } catch (ExecutionException e) {
            return new Outcome(rule.getId(), null, null, e.getCause());
        } catch (RuntimeException | InterruptedException e) {
            return new Outcome(rule.getId(), null, null, e);
        }
    }

    /** Rules whose {@link DependsOn} rules come first; the registry's own order otherwise. */
    private static List<IRule> inDependencyOrder(Collection<IRule> rules) {
        List<IRule> pending = new ArrayList<>(rules);
        List<IRule> ordered = new ArrayList<>();
        Set<Class<?>> placed = new java.util.HashSet<>();
        Set<Class<?>> known = rules.stream().map(Object::getClass).collect(Collectors.toSet());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                IRule rule = it.next();
                DependsOn[] deps = rule.getClass().getAnnotationsByType(DependsOn.class);
                boolean ready = true;
                for (DependsOn d : deps) {
                    ready &= placed.contains(d.value()) || !known.contains(d.value());
                }
                if (ready) {
                    ordered.add(rule);
                    placed.add(rule.getClass());
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                ordered.addAll(pending); // a cycle: JMC would not run these in order either
                break;
            }
        }
        return ordered;
    }

    /** Results of the rules evaluated so far, which rules that depend on them read. */
    private static final class Provider implements IResultValueProvider {
        private final List<IResult> done;

        Provider(List<IResult> done) {
            this.done = done;
        }

        @Override
        public <T> T getResultValue(TypedResult<T> result) {
            for (IResult r : done) {
                if (r.getRule().getResults().contains(result)) {
                    return r.getResult(result);
                }
            }
            return null;
        }

        @Override
        public <T> Collection<T> getResultValue(TypedCollectionResult<T> result) {
            for (IResult r : done) {
                if (r.getRule().getResults().contains(result)) {
                    return r.getResult(result);
                }
            }
            return null;
        }

        @Override
        public TypedResult<?> getResultByIdentifier(String identifier) {
            for (IResult r : done) {
                for (TypedResult<?> t : r.getRule().getResults()) {
                    if (t.getIdentifier().equals(identifier)) {
                        return t;
                    }
                }
            }
            return null;
        }
    }

    /** Outcomes in a stable, readable order, for the report. */
    static String describe(Map<String, Outcome> outcomes) {
        Map<String, Outcome> sorted = new LinkedHashMap<>(outcomes);
        return sorted.values().stream().map(Outcome::toString).collect(Collectors.joining("\n"));
    }
}

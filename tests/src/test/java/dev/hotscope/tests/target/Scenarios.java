package dev.hotscope.tests.target;

/** The scenarios the target knows, by the name given as its first argument. */
final class Scenarios {
    private Scenarios() {}

    /**
     * The scenario named by {@code args[0]}: {@code values}, {@code thousand} or
     * {@code threads <fires-per-thread>}.
     *
     * @param args the target's arguments
     * @return the scenario
     * @throws IllegalArgumentException if no scenario has that name
     */
    static Scenario fromArguments(String[] args) {
        String name = args.length > 0 ? args[0] : "";
        switch (name) {
            case "values":
                return new ValuesScenario();
            case "thousand":
                return new ThousandProbesScenario();
            case "threads":
                return new ConcurrentHitsScenario(Integer.parseInt(args[1]));
            default:
                throw new IllegalArgumentException("unknown scenario '" + name
                    + "': use values, thousand or threads <fires-per-thread>");
        }
    }
}

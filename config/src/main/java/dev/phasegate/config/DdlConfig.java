package dev.phasegate.config;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** What the gateway does with risky DDL passing through it: one action per rule. */
public record DdlConfig(Map<Rule, Action> rules) {

    public enum Action { ALLOW, WARN, BLOCK }

    public enum Rule {
        /** {@code ALTER TABLE … ADD COLUMN … DEFAULT volatile()}: rewrites the whole table. */
        ADD_COLUMN_VOLATILE_DEFAULT("addColumnVolatileDefault", Action.WARN),
        /** {@code SET NOT NULL} without a validated CHECK constraint: scans under an exclusive lock. */
        SET_NOT_NULL_WITHOUT_CHECK("setNotNullWithoutCheck", Action.WARN),
        /** {@code CREATE INDEX} without {@code CONCURRENTLY}: blocks writes while it builds. */
        CREATE_INDEX_WITHOUT_CONCURRENTLY("createIndexWithoutConcurrently", Action.WARN),
        /** {@code ALTER COLUMN TYPE} on a managed table. */
        ALTER_TYPE_ON_MANAGED_TABLE("alterTypeOnManagedTable", Action.WARN),
        /** {@code DROP COLUMN} of a managed column (or its source) that is not complete. */
        DROP_MANAGED_COLUMN("dropManagedColumn", Action.BLOCK);

        private final String key;
        private final Action defaultAction;

        Rule(String key, Action defaultAction) {
            this.key = key;
            this.defaultAction = defaultAction;
        }

        public String key() {
            return key;
        }

        public Action defaultAction() {
            return defaultAction;
        }
    }

    public static DdlConfig defaults() {
        Map<Rule, Action> rules = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            rules.put(rule, rule.defaultAction());
        }
        return new DdlConfig(Map.copyOf(rules));
    }

    public Action action(Rule rule) {
        return rules.getOrDefault(rule, rule.defaultAction());
    }

    static DdlConfig from(ConfigSection s) {
        Map<Rule, Action> rules = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            rules.put(rule, s.enumeration(rule.key(), Action.class, rule.defaultAction()));
        }
        s.finish();
        return new DdlConfig(Map.copyOf(rules));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("DdlConfig{");
        rules.forEach((rule, action) -> b.append(rule.key()).append('=').append(action.name().toLowerCase(Locale.ROOT)).append(' '));
        return b.append('}').toString();
    }
}

package dev.phasegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader over one mapping of the configuration tree. Every value read names its full
 * key in errors; {@link #finish()} rejects keys nobody asked for, so a typo fails start-up
 * instead of being silently ignored.
 */
public final class ConfigSection {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private final String source;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigSection(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            throw error(null, "expected a mapping of keys, got " + describe(this.node));
        }
    }

    public String source() {
        return source;
    }

    /** The dotted path of this section, empty for the root. */
    public String path() {
        return path;
    }

    public boolean isPresent() {
        return !node.isMissingNode();
    }

    public boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    public String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public ConfigException error(String key, String message) {
        return new ConfigException(source, key == null ? path : key(key), message);
    }

    public String string(String key, String defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isValueNode()) {
            throw error(key, "expected a text value, got " + describe(value));
        }
        return value.asText();
    }

    public String requiredString(String key) {
        String value = string(key, null);
        if (value == null || value.isBlank()) {
            throw error(key, "is required");
        }
        return value;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        if (value.isIntegralNumber()) {
            parsed = value.asLong();
        } else if (value.isTextual() && value.asText().trim().matches("-?\\d+")) {
            parsed = Long.parseLong(value.asText().trim());
        } else {
            throw error(key, "expected a whole number from " + min + " to " + max + ", got " + describe(value));
        }
        if (parsed < min || parsed > max) {
            throw error(key, "expected a whole number from " + min + " to " + max + ", got " + parsed);
        }
        return (int) parsed;
    }

    public double decimal(String key, double defaultValue, double min, double max) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        double parsed;
        if (value.isNumber()) {
            parsed = value.asDouble();
        } else {
            try {
                parsed = Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                throw error(key, "expected a number from " + min + " to " + max + ", got " + describe(value));
            }
        }
        if (parsed < min || parsed > max) {
            throw error(key, "expected a number from " + min + " to " + max + ", got " + parsed);
        }
        return parsed;
    }

    public boolean bool(String key, boolean defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asText().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(key, "expected true or false, got " + describe(value));
        };
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}; a bare number is seconds. */
    public Duration duration(String key, Duration defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value.asText().trim().toLowerCase(Locale.ROOT));
        if (!value.isValueNode() || !m.matches()) {
            throw error(key, "expected a duration like 500ms, 30s, 10m or 1h, got " + describe(value));
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A size such as {@code 512kb}, {@code 64MiB}, {@code 1gb}; a bare number is bytes (units are powers of 1024). */
    public long bytes(String key, long defaultValue, long min, long max) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = SIZE.matcher(value.asText().trim().toLowerCase(Locale.ROOT));
        if (!value.isValueNode() || !m.matches()) {
            throw error(key, "expected a size like 65536, 512kb or 64mb, got " + describe(value));
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long bytes = switch (unit) {
            case "kb", "kib" -> amount << 10;
            case "mb", "mib" -> amount << 20;
            case "gb", "gib" -> amount << 30;
            default -> amount;
        };
        if (bytes < min || bytes > max) {
            throw error(key, "expected a size from " + min + " to " + max + " bytes, got " + value.asText());
        }
        return bytes;
    }

    public <E extends Enum<E>> E enumeration(String key, Class<E> type, E defaultValue) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.trim().replace('-', '_'))) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw error(key, "expected one of " + String.join(", ", names) + ", got '" + text + "'");
    }

    /** A value parsed by a function; an {@link IllegalArgumentException} becomes an error naming the key. */
    public <T> T parsed(String key, T defaultValue, Function<String, T> parser) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    public List<String> strings(String key, List<String> defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.isValueNode()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            throw error(key, "expected a list of text values, got " + describe(value));
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode()) {
                throw new ConfigException(source, key(key) + "[" + i + "]", "expected a text value, got " + describe(item));
            }
            result.add(item.asText());
        }
        return List.copyOf(result);
    }

    /** A nested mapping; absent gives an empty section whose reads all return defaults. */
    public ConfigSection section(String key) {
        JsonNode value = take(key);
        return new ConfigSection(source, key(key), value);
    }

    /** A list of mappings. */
    public List<ConfigSection> sections(String key) {
        JsonNode value = take(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, "expected a list, got " + describe(value));
        }
        List<ConfigSection> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            result.add(new ConfigSection(source, key(key) + "[" + i + "]", value.get(i)));
        }
        return result;
    }

    /** Keys of this mapping, for sections whose keys are data (e.g. rule names). */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }

    /** Rejects any key of this section that was not read. Call once all known keys are read. */
    public void finish() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                throw new ConfigException(source, key(name), "unknown key"
                        + (read.isEmpty() ? "" : "; known keys here: " + String.join(", ", read)));
            }
        }
    }

    private JsonNode take(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }
}

package dev.phasegate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads {@code phasegate.yml}: substitutes environment variables, parses YAML, and validates
 * every key. Any problem is a {@link ConfigException} naming the file, the key and the value.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    public static PhasegateConfig load(Path file) {
        return load(file, System.getenv());
    }

    public static PhasegateConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), null, "file not found");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString(), env);
    }

    /** Parses configuration text; {@code source} names it in errors. */
    public static PhasegateConfig parse(String text, String source, Map<String, String> env) {
        String expanded = EnvSubstitution.expand(text, env, source);
        JsonNode root;
        try {
            root = YAML.readTree(expanded);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? null : "line " + e.getLocation().getLineNr();
            throw new ConfigException(source, where, "not valid YAML: " + e.getOriginalMessage());
        }
        return PhasegateConfig.from(new ConfigSection(source, "", root));
    }

    /** The configuration a file with nothing in it would give: every default. */
    public static PhasegateConfig defaults() {
        return parse("{}", "(defaults)", Map.of());
    }
}

package dev.phasegate.admin.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The shared, immutable Jackson mapper of the control plane. */
public final class AdminJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(domainModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private AdminJson() {
    }

    /** Thread-safe; do not reconfigure it (use {@code copy()} for a variant). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static SimpleModule domainModule() {
        SimpleModule module = new SimpleModule("phasegate-domain");
        module.addSerializer(Instant.class, new ToStringSerializer<>());
        module.addSerializer(Duration.class, new ToStringSerializer<>());
        module.addSerializer(ColumnId.class, new ToStringSerializer<>());
        module.addSerializer(Phase.class, new ToStringSerializer<>());
        module.addSerializer(GuardRailResult.Status.class, new JsonSerializer<>() {
            @Override
            public void serialize(GuardRailResult.Status value, JsonGenerator gen, SerializerProvider serializers)
                    throws IOException {
                gen.writeString(value.name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        module.addDeserializer(GuardRailResult.Status.class, new TextDeserializer<>(GuardRailResult.Status.class,
                text -> GuardRailResult.Status.valueOf(text.toUpperCase(java.util.Locale.ROOT))));
        module.addDeserializer(Instant.class, new TextDeserializer<>(Instant.class, text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected an ISO-8601 instant such as 2024-05-01T12:00:00Z, got '"
                        + text + "'");
            }
        }));
        module.addDeserializer(Duration.class, new TextDeserializer<>(Duration.class, Duration::parse));
        module.addDeserializer(ColumnId.class, new TextDeserializer<>(ColumnId.class, ColumnId::parse));
        module.addDeserializer(Phase.class, new TextDeserializer<>(Phase.class, Phase::parse));
        return module;
    }

    private static final class ToStringSerializer<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static final class TextDeserializer<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final Parser<T> parser;

        TextDeserializer(Class<T> type, Parser<T> parser) {
            this.type = type;
            this.parser = parser;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            try {
                return parser.parse(p.getText());
            } catch (RuntimeException e) {
                // Jackson wraps this with the field path; the message is what the operator reads.
                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(p, e.getMessage(), p.getText(), type);
            }
        }
    }
}

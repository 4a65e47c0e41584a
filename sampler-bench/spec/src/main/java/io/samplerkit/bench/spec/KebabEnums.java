package io.samplerkit.bench.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.samplerkit.core.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every enum in SamplerKit's JSON is written in kebab case: {@code Prediction.NOISE} is {@code "noise"},
 * {@code BetaSchedule.SCALED_LINEAR} is {@code "scaled-linear"}. Reading accepts exactly that form; any other
 * text is an {@link InvalidInputException} listing the allowed values.
 */
final class KebabEnums {

    private KebabEnums() {
    }

    /** @return the Jackson module */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("kebab-enums");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Enum<?>> enumClass = (Class) Enum.class;
        m.addSerializer(enumClass, new StdSerializer<Enum<?>>(enumClass) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(kebab(value));
            }
        });
        m.setDeserializers(new SimpleDeserializers() {
            private static final long serialVersionUID = 1L;

            @Override
            public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                    BeanDescription beanDesc) {
                return new Reader(type);
            }
        });
        return m;
    }

    /**
     * @param value an enum constant
     * @return its JSON name, e.g. {@code scaled-linear}
     */
    static String kebab(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads one enum type from its kebab names. */
    private static final class Reader extends StdDeserializer<Object> {
        private static final long serialVersionUID = 1L;

        private Reader(Class<?> type) {
            super(type);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            List<String> names = new ArrayList<>();
            for (Object c : handledType().getEnumConstants()) {
                names.add(kebab((Enum<?>) c));
            }
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new InvalidInputException("", p.getText(), "one of " + names);
            }
            String text = p.getText();
            for (Object c : handledType().getEnumConstants()) {
                if (kebab((Enum<?>) c).equals(text)) {
                    return c;
                }
            }
            throw new InvalidInputException("", "'" + text + "'", "one of " + names);
        }
    }
}

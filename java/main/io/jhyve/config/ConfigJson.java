package io.jhyve.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON half of {@link ConfigLoader}: reads a config file into a {@link RawConfig}, refusing
 * what Jackson finds wrong with a message naming the key. A class of its own because Jackson costs
 * about 300 classes and an {@code ObjectMapper} to load, which a run configured by command-line
 * flags alone should not pay at start-up.
 */
final class ConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);

    private static final List<String> DISK_KEYS = List.of("path", "readOnly", "serial");
    private static final List<String> NET_KEYS = List.of("tap", "mac");

    /** Parses {@code file} into a raw config, refusing syntax errors, unknown keys and mistyped values. */
    static RawConfig read(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, null, "config file does not exist");
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot read config file: " + e.getMessage(), e);
        }
        try {
            RawConfig raw = MAPPER.readValue(text, RawConfig.class);
            if (raw == null) throw new ConfigException(source, null, "config file is empty: expected a JSON object");
            return raw;
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getReferringClass() == DiskConfig.Raw.class ? DISK_KEYS
                    : e.getReferringClass() == NetConfig.Raw.class ? NET_KEYS : RawConfig.KEYS;
            throw new ConfigException(source, e.getPropertyName(), "unknown key (known keys: " + String.join(", ", known) + ")");
        } catch (InvalidFormatException e) {
            throw new ConfigException(source, keyOf(e), "value " + e.getValue() + " is not "
                    + article(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String key = keyOf(e);
            if (key == null) throw new ConfigException(source, null, "expected a JSON object with keys "
                    + String.join(", ", RawConfig.KEYS));
            throw new ConfigException(source, key, "wrong type: expected " + article(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, null, String.format("not valid JSON at line %d, column %d: %s",
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), e.getOriginalMessage()));
        }
    }

    private static String keyOf(JsonMappingException e) {
        return e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
    }

    private static String article(Class<?> type) {
        if (type == null) return "a different type";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (java.util.Collection.class.isAssignableFrom(type)) return "a JSON array of strings";
        return "a " + type.getSimpleName();
    }

    private ConfigJson() { }
}

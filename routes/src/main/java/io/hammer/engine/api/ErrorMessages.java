package io.hammer.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * A request body that cannot be read, said in the user's terms: which field, and what it should be.
 * Never the parser's own text, which names Java types, classes and stream internals. Both Jackson
 * lines are read: Spring MVC parses request bodies with Jackson 3 (tools.jackson), Hammer's own
 * mapper (the console's form, spec files) is Jackson 2 (com.fasterxml).
 */
public final class ErrorMessages {
    private ErrorMessages() {
    }

    public static String unreadable(HttpMessageNotReadableException e) {
        return describe(e.getMostSpecificCause());
    }

    /** A JSON parsing or mapping failure (for anything else, only that the JSON is not valid). */
    public static String describe(Throwable cause) {
        if (cause instanceof tools.jackson.databind.DatabindException mapping) {
            return describe3(mapping);
        }
        if (cause instanceof tools.jackson.core.JacksonException json && json.getLocation() != null) {
            return "not valid JSON (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        if (cause instanceof JsonMappingException mapping && !(cause instanceof com.fasterxml.jackson.core.JsonParseException)) {
            String field = field(mapping);
            String problem = problem(mapping);
            return field.isEmpty() ? problem : field + ": " + problem;
        }
        if (cause instanceof JsonProcessingException json && json.getLocation() != null) {
            return "not valid JSON (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        return "not valid JSON";
    }

    private static String describe3(tools.jackson.databind.DatabindException mapping) {
        StringBuilder path = new StringBuilder();
        for (tools.jackson.core.JacksonException.Reference reference : mapping.getPath()) {
            append(path, reference.getPropertyName(), reference.getIndex());
        }
        String problem = "not a valid value";
        if (mapping instanceof tools.jackson.databind.exc.ValueInstantiationException && mapping.getCause() != null
                && mapping.getCause().getMessage() != null) {
            problem = mapping.getCause().getMessage(); // Hammer's own check in a constructor
        } else if (mapping instanceof tools.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            problem = "expected " + expected(mismatch.getTargetType());
        }
        return path.isEmpty() ? problem : path + ": " + problem;
    }

    private static void append(StringBuilder path, String name, int index) {
        if (name != null) {
            path.append(path.isEmpty() ? "" : ".").append(name);
        } else if (index >= 0) {
            path.append('[').append(index).append(']');
        }
    }

    private static String problem(JsonMappingException mapping) {
        if (mapping instanceof ValueInstantiationException && mapping.getCause() != null && mapping.getCause().getMessage() != null) {
            return mapping.getCause().getMessage(); // Hammer's own check in a constructor
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + expected(mismatch.getTargetType());
        }
        return "not a valid value";
    }

    /** The field's path as the user wrote it: payload.extraFields, rate[0].perSecond. */
    private static String field(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            append(path, reference.getFieldName(), reference.getIndex());
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        return "a JSON object";
    }
}

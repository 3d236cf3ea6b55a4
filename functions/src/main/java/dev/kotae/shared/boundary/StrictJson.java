package dev.kotae.shared.boundary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.platform.encoding.Json;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.Text;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * How every API request's JSON is read, member by member: strictly, each refusal naming its member and carrying
 * the code its member's documentation gives. A member a caller could mean two ways (a string that is not
 * well-formed text, a whole number written with a fraction, a member Kotae does not know) is refused, not guessed.
 */
public final class StrictJson {

    /** A member the API renamed: its current name, and what it holds, for a caller still sending the old one. */
    public record Renamed(String current, String meaning) {
    }

    private StrictJson() {
    }

    /** A request body that must be one JSON object. */
    public static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw new KotaeException(ErrorCode.INVALID_JSON, "The request body must be a JSON object.");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var refusal = Json.refusal(e);
            throw new KotaeException(ErrorCode.INVALID_JSON, "The request body is refused: " + refusal.reason() + ".",
                    refusal.member().orElse(null));
        }
        if (root == null || !root.isObject()) {
            throw new KotaeException(ErrorCode.INVALID_JSON, "The request body must be a JSON object.");
        }
        return root;
    }

    /**
     * Refuses the first member of {@code object} not in {@code known}, naming it with {@code prefix}; one the API
     * renamed is told its new name.
     */
    public static void rejectUnknown(JsonNode object, Set<String> known, String prefix, ErrorCode code,
                                     Map<String, Renamed> renamed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            var name = names.next();
            if (!known.contains(name)) {
                var hint = Optional.ofNullable(renamed.get(name)).filter(now -> known.contains(now.current()))
                        .map(now -> " It is now '" + prefix + now.current() + "', " + now.meaning() + ".").orElse("");
                throw new KotaeException(code, "Unknown member '" + prefix + name + "'; expected one of "
                        + new TreeSet<>(known) + "." + hint, prefix + name);
            }
        }
    }

    /** A member that is absent or JSON null is not given. */
    public static Optional<JsonNode> optionalMember(JsonNode root, String name) {
        return Optional.ofNullable(root.get(name)).filter(node -> !node.isNull());
    }

    /** A string member, if given: refused with {@code code} when it is not a string of well-formed text. */
    public static Optional<String> optionalText(JsonNode root, String name, ErrorCode code) {
        return optionalMember(root, name).map(node -> {
            if (!node.isTextual()) {
                throw new KotaeException(code, "'" + name + "' must be a string.", name);
            }
            if (!Text.isWellFormed(node.asText())) {
                throw new KotaeException(code, "'" + name + "' is not well-formed text (a lone UTF-16 surrogate).", name);
            }
            return node.asText();
        });
    }

    public static String requiredText(JsonNode root, String name, ErrorCode code) {
        return optionalText(root, name, code)
                .orElseThrow(() -> new KotaeException(code, "'" + name + "' is required.", name));
    }

    /**
     * A JSON integer within [min, max], compared exactly: never wrapped past 64 bits, never rounded,
     * and never a number written with a fraction or exponent where a whole number is meant.
     */
    public static long wholeNumber(JsonNode node, long min, long max, Supplier<KotaeException> refusal) {
        if (!node.isIntegralNumber()) {
            throw refusal.get();
        }
        var value = node.bigIntegerValue();
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw refusal.get();
        }
        return value.longValueExact();
    }
}

package dev.kotae.platform.encoding;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * The one JSON mapper: building it is costly, and it is thread-safe once configured. It reads
 * strictly, because everything it reads comes from outside (API requests, queue records, keyword
 * overrides) and input that could mean two things must be refused, not guessed at: a member given
 * twice, content after the value, and input past limits far above anything Kotae is sent.
 */
public final class Json {

    /** Kotae's own documents nest three deep; anything near this is an attack on the parser. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Digits in one number: far past any member's range, short of a costly big-number parse. */
    public static final int MAX_NUMBER_LENGTH = 100;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Why the mapper refused some input, in words a caller can act on (never the input itself), and
     * the member at fault, as a dotted path, where one is.
     */
    public record Refusal(String reason, Optional<String> member) {
    }

    public static Refusal refusal(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return new Refusal("it is past Kotae's limits for JSON (nesting deeper than " + MAX_NESTING_DEPTH
                    + " levels, or a number of more than " + MAX_NUMBER_LENGTH + " digits)", Optional.empty());
        }
        var problem = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        var where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof MismatchedInputException && problem.startsWith("Trailing token")) {
            return new Refusal("there is more after the JSON value" + where, Optional.empty());
        }
        // STRICT_DUPLICATE_DETECTION's refusal; the parser still points at the member named twice.
        if (problem.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser parser) {
            var member = parser.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
            return new Refusal("member '" + member + "' is given more than once" + where, Optional.of(member));
        }
        return new Refusal("it is not valid JSON" + where, Optional.empty());
    }
}

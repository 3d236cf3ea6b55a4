package dev.kotae.messages.boundary;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigInteger;
import java.util.List;

/**
 * Request bodies a hostile or careless client sends: anything at all, valid requests broken in the
 * ways the issue tracker has seen (duplicates, trailing content, numbers past their range, invisible
 * or ill-formed text, deep nesting), and valid requests. Shared by the parser's and the handler's properties.
 */
final class HostileInput {

    static final String NUMBER = "+819012345678";

    /** For {@code @ForAll(supplier = HostileInput.Bodies.class)}. */
    static final class Bodies implements ArbitrarySupplier<String> {
        @Override
        public Arbitrary<String> get() {
            return bodies();
        }
    }

    /** For {@code @ForAll(supplier = HostileInput.Bytes.class)}. */
    static final class Bytes implements ArbitrarySupplier<byte[]> {
        @Override
        public Arbitrary<byte[]> get() {
            return anyBytes();
        }
    }

    private HostileInput() {
    }

    static Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, anyText()),
                Tuple.of(4, mutatedRequests()),
                Tuple.of(1, deepNesting()),
                Tuple.of(2, validRequests()));
    }

    /** Any UTF-16 text, surrogates alone included. */
    static Arbitrary<String> anyText() {
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(200);
    }

    static Arbitrary<byte[]> anyBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    static Arbitrary<String> validRequests() {
        return Combinators.combine(visibleText(), Arbitraries.of(true, false), Arbitraries.integers().between(5, 259_200))
                .as((body, dryRun, ttl) -> "{\"to\": \"" + NUMBER + "\", \"body\": " + quoted(body)
                        + ", \"dryRun\": " + dryRun + ", \"timeToLiveSeconds\": " + ttl + "}");
    }

    static Arbitrary<String> mutatedRequests() {
        return Arbitraries.oneOf(
                validRequests().map(request -> request.substring(0, request.length() - 1) + ", \"dryRun\": true}"),
                Combinators.combine(validRequests(), anyText()).as((request, tail) -> request + tail),
                Combinators.combine(validRequests(), Arbitraries.integers().between(0, 400), anyText())
                        .as(HostileInput::spliced),
                number().map(n -> "{\"to\": \"" + NUMBER + "\", \"body\": \"x\", \"timeToLiveSeconds\": " + n + "}"),
                number().map(n -> "{\"to\": \"" + NUMBER + "\", \"body\": \"x\", \"expectReply\": {\"keywords\": [\"YES\"],"
                        + " \"ttlSeconds\": " + n + "}}"),
                invisibleText().map(body -> "{\"to\": \"" + NUMBER + "\", \"body\": " + quoted(body) + "}"),
                anyText().map(body -> "{\"to\": \"" + NUMBER + "\", \"body\": " + escaped(body) + "}"),
                anyText().map(key -> "{\"to\": \"" + NUMBER + "\", \"body\": \"x\", \"context\": {" + escaped(key)
                        + ": \"v\"}}"));
    }

    static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 20_000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> "{\"to\": \"" + NUMBER + "\", \"body\": \"x\", \"context\": " + open.repeat(depth) + "}");
    }

    /** Integers in and far past every member's range, and numbers that are not whole. */
    private static Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(63), BigInteger.TWO.pow(70)).map(n -> n.toString()),
                Arbitraries.of("60.0", "6e1", "-0", "1e400", "0.5", "NaN", "18446744073709551676", "9".repeat(101)));
    }

    private static Arbitrary<String> visibleText() {
        // An emoji is a surrogate pair: added whole, never as single chars, which would be lone surrogates.
        return Combinators.combine(Arbitraries.strings().withChars("abcXYZ 0123あい漢字-").ofMinLength(1).ofMaxLength(40)
                        .filter(text -> !text.isBlank()), Arbitraries.of("", "😀", "👍🏽"))
                .as(String::concat);
    }

    private static Arbitrary<String> invisibleText() {
        return Arbitraries.strings().withChars(List.of(' ', '\u00A0', '\u200B', '\u200D', '\u2060', '\uFEFF', '\u3000',
                '\u3164', '\uFE0F', '\t').stream().map(String::valueOf).reduce("", String::concat).toCharArray())
                .ofMinLength(1).ofMaxLength(20);
    }

    private static String spliced(String request, int at, String insert) {
        var position = Math.min(at, request.length());
        return request.substring(0, position) + insert + request.substring(position);
    }

    /** A JSON string of {@code text} as a careful client writes it (UTF-8 characters as they are). */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + "\"";
    }

    /** A JSON string of {@code text} with every character escaped, lone surrogates included. */
    private static String escaped(String text) {
        var json = new StringBuilder("\"");
        text.chars().forEach(unit -> json.append(String.format("\\u%04x", unit)));
        return json.append('"').toString();
    }
}

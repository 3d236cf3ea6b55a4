package dev.kotae.conversations.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.conversations.entity.KeywordAction;
import dev.kotae.conversations.entity.KeywordBook;
import dev.kotae.conversations.entity.Language;
import dev.kotae.conversations.entity.ReplyKind;
import dev.kotae.platform.encoding.Json;
import dev.kotae.shared.entity.Keywords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the keyword book from {@code default-keywords.json} in the jar, with the deployment's
 * overrides (same shape; each keyword list or reply text named replaces the default) on top.
 */
public final class KeywordBooks {

    private static final String DEFAULTS = "/default-keywords.json";

    private KeywordBooks() {
    }

    public static KeywordBook load(String brand, String helpContact, Optional<String> overridesJson) {
        var keywords = new EnumMap<KeywordAction, List<String>>(KeywordAction.class);
        var replies = new EnumMap<ReplyKind, Map<Language, String>>(ReplyKind.class);
        apply(defaults(), keywords, replies);
        overridesJson.ifPresent(json -> apply(parse(json), keywords, replies));
        return new KeywordBook(keywords, replies, brand, helpContact);
    }

    /**
     * The keywords that opt out, opt in, ask for help or ask for marketing (defaults with the overrides applied): a
     * conversation may not wait for one, since those always win.
     */
    public static Set<String> reserved(Optional<String> overridesJson) {
        var keywords = new EnumMap<KeywordAction, List<String>>(KeywordAction.class);
        var replies = new EnumMap<ReplyKind, Map<Language, String>>(ReplyKind.class);
        apply(defaults(), keywords, replies);
        overridesJson.ifPresent(json -> apply(parse(json), keywords, replies));
        return Stream.of(KeywordAction.STOP, KeywordAction.START, KeywordAction.HELP, KeywordAction.JOIN)
                .flatMap(action -> keywords.get(action).stream())
                .map(Keywords::normalise)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static JsonNode defaults() {
        try (var in = KeywordBooks.class.getResourceAsStream(DEFAULTS)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the jar carries " + DEFAULTS, e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("The keyword overrides are not JSON", e);
        }
    }

    private static void apply(JsonNode book, Map<KeywordAction, List<String>> keywords,
                              Map<ReplyKind, Map<Language, String>> replies) {
        book.path("keywords").properties().forEach(entry -> {
            var words = new ArrayList<String>();
            entry.getValue().forEach(word -> words.add(word.asText()));
            keywords.put(KeywordAction.valueOf(entry.getKey().toUpperCase(Locale.ROOT)), words);
        });
        book.path("replies").properties().forEach(entry -> {
            var texts = replies.computeIfAbsent(ReplyKind.valueOf(entry.getKey().toUpperCase(Locale.ROOT)),
                    kind -> new EnumMap<>(Language.class));
            entry.getValue().properties().forEach(text ->
                    texts.put(Language.valueOf(text.getKey().toUpperCase(Locale.ROOT)), text.getValue().asText()));
        });
    }
}

package dev.kotae.messages.control;

import dev.kotae.messages.entity.MessageType;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.Keywords;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What every marketing message must say: who sends it and how to stop (Japan's Act on Regulation of Transmission of
 * Specified Electronic Mail asks for the sender's name and a way to refuse in every advertisement). A PROMOTIONAL
 * body that names the brand and an opt-out keyword goes as written; one that does not gets the deployment's footer
 * ({@code kotae:promotionalFooter}) when it has one, and is refused otherwise. Other messages are not touched.
 */
public final class PromotionalContent {

    private final String brand;
    private final String normalisedBrand;
    private final Optional<String> footer;

    /**
     * @param brand  the sender's name as the deployment gives it ({@code kotae:brandName})
     * @param footer what to add to a body that lacks either
     */
    public PromotionalContent(String brand, Optional<String> footer) {
        this.brand = brand;
        this.normalisedBrand = Keywords.normalise(brand);
        this.footer = footer;
    }

    /**
     * The request as it may go out.
     *
     * @throws KotaeException {@code INVALID_BODY} naming what a marketing body lacks, when there is no footer to add
     */
    public SendRequest checked(SendRequest request) {
        if (request.type() != MessageType.PROMOTIONAL) {
            return request;
        }
        var namesBrand = Keywords.normalise(request.body()).contains(normalisedBrand);
        var saysHowToStop = saysHowToStop(request.body());
        if (namesBrand && saysHowToStop) {
            return request;
        }
        if (footer.isPresent()) {
            var footed = request.body() + "\n" + footer.get();
            if (footed.length() > SendRequestCodec.MAX_BODY_LENGTH) {
                throw new KotaeException(ErrorCode.INVALID_BODY, "This PROMOTIONAL body with the deployment's footer would"
                        + " be " + footed.length() + " characters, over " + SendRequestCodec.MAX_BODY_LENGTH + ": shorten it,"
                        + " or name " + brand + " and how to stop in it.", "body");
            }
            return request.withBody(footed);
        }
        var missing = !namesBrand && !saysHowToStop ? "the sender's name and how to stop"
                : !namesBrand ? "the sender's name" : "how to stop";
        throw new KotaeException(ErrorCode.INVALID_BODY, "A PROMOTIONAL body must say who sends it and how to stop; this"
                + " one lacks " + missing + ": name " + brand + " and an opt-out keyword (\"Reply STOP to stop\","
                + " 「停止」と返信), or set kotae:promotionalFooter.", "body");
    }

    /**
     * An instruction to stop: STOP as a word, or 停止 anywhere (Japanese has no spaces). Not every opt-out keyword
     * counts: END or CANCEL in ordinary text ("the sale ends at the END of May") tells no one how to stop.
     */
    private static boolean saysHowToStop(String body) {
        var normalised = Keywords.normalise(body);
        return Set.copyOf(Arrays.asList(normalised.split("[^\\p{L}\\p{N}-]+"))).contains("STOP") || normalised.contains("停止");
    }
}

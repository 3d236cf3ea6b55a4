package dev.kotae.batches.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The sending number's pace, shared by every concurrent sender: each reserves the time its next
 * parts take at the configured rate, after every reservation made before it. The senders together
 * therefore never ask End User Messaging for more than the rate, however many run.
 */
public interface Pace {

    /**
     * Reserves the time {@code parts} take, starting when the number is next free (now, or after the
     * reservations ahead), unless that is later than {@code within} from now.
     *
     * @return when the reserved time starts; empty when the number is booked beyond {@code within}
     */
    Optional<Instant> reserve(int parts, Instant now, Duration within);

    /** Nothing more is reserved before {@code until}: End User Messaging throttled, so every sender pauses. */
    void pauseUntil(Instant until);

    /** How many parts a second the pace allows. */
    int partsPerSecond();
}

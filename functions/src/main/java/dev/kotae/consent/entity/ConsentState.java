package dev.kotae.consent.entity;

/** Whether a number may be sent marketing ({@code PROMOTIONAL}) messages: only {@link #GRANTED} may. */
public enum ConsentState {
    /** Never asked, or nothing recorded. */
    NONE,
    /** Asked to confirm (double opt-in), not confirmed yet. */
    PENDING,
    /** Agreed, with the proof kept in the number's consent history. */
    GRANTED,
    /** Withdrawn: by STOP (or any opt-out), or by the caller's system. */
    REVOKED
}

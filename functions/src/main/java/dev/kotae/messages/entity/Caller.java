package dev.kotae.messages.entity;

import java.util.Objects;
import java.util.Optional;

/**
 * Who asks for a send: the principal the message is recorded under, whose quota it counts against and
 * who may cancel it, and, for a person signed in to the send page, the e-mail address the audit trail
 * names them by.
 *
 * @param principal an IAM ARN (the signed API, the command line) or a user pool's person
 *                  ({@code userpool/<user pool id>/<subject>}, the send page)
 * @param email     the person's address as the user pool holds it; none for an IAM caller
 */
public record Caller(String principal, Optional<String> email) {

    private static final String PERSON_PREFIX = "userpool/";

    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(email, "email");
    }

    /** An AWS workload or engineer, as API Gateway's IAM authorization names it. */
    public static Caller iam(String arn) {
        return new Caller(arn, Optional.empty());
    }

    /**
     * A person signed in through the user pool: the pool and the subject (stable for the person's life, where
     * the e-mail address may change), and the address.
     */
    public static Caller person(String userPoolId, String subject, String email) {
        return new Caller(PERSON_PREFIX + userPoolId + "/" + subject, Optional.of(email));
    }

    /** Whether the caller is a person signed in to the send page, rather than an AWS workload or engineer. */
    public boolean isPerson() {
        return principal.startsWith(PERSON_PREFIX);
    }

    /** How the audit trail names the caller: the principal, and the person's address when there is one. */
    public String audited() {
        return email.map(address -> principal + " (" + address + ")").orElse(principal);
    }
}

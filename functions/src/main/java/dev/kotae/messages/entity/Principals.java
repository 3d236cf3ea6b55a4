package dev.kotae.messages.entity;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IAM principals as Kotae's settings name them: a role ARN (its path ignored, since a role's name is
 * unique in its account) or a 12-digit account id, for every role in it.
 */
public final class Principals {

    private static final Pattern ROLE_SESSION = Pattern.compile("arn:(aws[a-z-]*):sts::([0-9]{12}):assumed-role/([^/]+)/.+");
    private static final Pattern ACCOUNT_OF = Pattern.compile("arn:aws[a-z-]*:(?:iam|sts)::([0-9]{12}):.*");

    private Principals() {
    }

    /** The principal a caller's identity counts as: a role session as its role. */
    public static String of(String caller) {
        var session = ROLE_SESSION.matcher(caller);
        return session.matches() ? "arn:" + session.group(1) + ":iam::" + session.group(2) + ":role/" + session.group(3)
                : caller;
    }

    /** Whether {@code listed} (a setting's entry) names {@code principal}: the same role, whatever its path. */
    public static boolean sameRole(String listed, String principal) {
        return withoutPath(listed).equals(withoutPath(principal));
    }

    public static Optional<String> accountOf(String principal) {
        var account = ACCOUNT_OF.matcher(principal);
        return account.matches() ? Optional.of(account.group(1)) : Optional.empty();
    }

    /** Whether {@code listed} names {@code principal}'s role or its account. */
    public static boolean names(String listed, String principal) {
        return sameRole(listed, principal) || accountOf(principal).filter(listed::equals).isPresent();
    }

    /**
     * Whether {@code caller} may stop what {@code owner} started (a scheduled message, a batch): the same
     * principal (a role's sessions count as the role), or one {@code anyOwner} names.
     */
    public static boolean mayCancel(String owner, String caller, Set<String> anyOwner) {
        var principal = of(caller);
        return of(owner).equals(principal) || anyOwner.stream().anyMatch(listed -> names(listed, principal));
    }

    private static String withoutPath(String arn) {
        return arn.contains(":role/") ? arn.substring(0, arn.indexOf(":role/") + 6) + arn.substring(arn.lastIndexOf('/') + 1)
                : arn;
    }
}

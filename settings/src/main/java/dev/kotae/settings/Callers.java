package dev.kotae.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who may call the messages API, and which of its methods ({@code kotae:callers}): IAM role ARNs or
 * account ids, each with its grants. The stack turns it into the API's resource policy; the sandbox
 * holds its {@code --caller} to the same list.
 *
 * @param grants each principal (a role ARN or a 12-digit account id) and what it may do
 */
public record Callers(Map<String, Set<Grant>> grants) {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/[\\w+=,.@/-]+");
    /** A role ARN's parts: partition, account, path (with its slashes, or just "/"), name. */
    private static final Pattern ROLE_PARTS = Pattern.compile("arn:(aws[a-z-]*):iam::([0-9]{12}):role(/(?:[\\w+=,.@-]+/)*)([\\w+=,.@-]+)");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    /** An assumed role's session, as a caller's identity names it: its principal is the role. */
    private static final Pattern ROLE_SESSION = Pattern.compile("arn:(aws[a-z-]*):sts::([0-9]{12}):assumed-role/([^/]+)/.+");
    private static final Pattern ACCOUNT_OF = Pattern.compile("arn:aws[a-z-]*:(?:iam|sts)::([0-9]{12}):.*");

    /** What a principal may call. */
    public enum Grant {
        /**
         * POST /messages, GET and DELETE /messages/{id}, and the same for /batches: send, read what was
         * sent, cancel what it scheduled or queued.
         */
        SEND("send", List.of("POST /messages", "GET /messages/*", "DELETE /messages/*",
                "POST /batches", "GET /batches/*", "DELETE /batches/*")),
        /** GET /conversations/{phoneNumber}: who opted out and what they answered, granted apart. */
        CONVERSATIONS("conversations", List.of("GET /conversations/*")),
        /**
         * PUT and DELETE /recipients/{phoneNumber}/consent, GET /recipients/{phoneNumber}: record and read a number's
         * consent to marketing, granted apart from sending (a sign-up form's system, say).
         */
        CONSENT("consent", List.of("PUT /recipients/*/consent", "DELETE /recipients/*/consent", "GET /recipients/*")),
        /**
         * With {@code send}: cancel any caller's scheduled messages and batches, not only its own (an operator's role).
         * No method of its own: the cancel function checks it.
         */
        CANCEL_ANY("cancelAny", List.of());

        private final String settingName;
        private final List<String> methods;

        Grant(String settingName, List<String> methods) {
            this.settingName = settingName;
            this.methods = methods;
        }

        /** The API's methods, as {@code METHOD /path} with {@code *} for a path parameter. */
        public List<String> methods() {
            return methods;
        }

        /** As {@code kotae:callers} names it. */
        public String settingName() {
            return settingName;
        }

        static Optional<Grant> named(String name) {
            return java.util.Arrays.stream(values()).filter(grant -> grant.settingName.equals(name)).findFirst();
        }
    }

    private static final String GRANT_NAMES = java.util.Arrays.stream(Grant.values())
            .map(grant -> "\"" + grant.settingName() + "\"").collect(java.util.stream.Collectors.joining(", "));

    public Callers {
        var copy = new TreeMap<String, Set<Grant>>();
        grants.forEach((principal, granted) -> copy.put(principal, java.util.Collections.unmodifiableSet(new TreeSet<>(granted))));
        grants = java.util.Collections.unmodifiableMap(copy);
    }

    /** Reads {@code {"<role ARN or account id>": ["send", "conversations"], …}}, refusing what it cannot name. */
    static Callers parse(Map<?, ?> setting, String key) {
        if (setting.isEmpty()) {
            throw new IllegalArgumentException("Context " + key + " names no caller; nobody could call the API.");
        }
        var grants = new TreeMap<String, Set<Grant>>();
        setting.forEach((principal, value) -> {
            var name = String.valueOf(principal);
            if (!ROLE_ARN.matcher(name).matches() && !ACCOUNT.matcher(name).matches()) {
                throw new IllegalArgumentException("Context " + key + " names '" + name + "'; a caller is an IAM role"
                        + " ARN (arn:aws:iam::111122223333:role/app) or a 12-digit account id.");
            }
            if (!(value instanceof List<?> list) || list.isEmpty()) {
                throw new IllegalArgumentException("Context " + key + " gives " + name + " no grants; list one or"
                        + " more of " + GRANT_NAMES + ".");
            }
            var granted = new TreeSet<Grant>();
            for (var grant : list) {
                granted.add(Grant.named(String.valueOf(grant)).orElseThrow(() -> new IllegalArgumentException(
                        "Context " + key + " gives " + name + " '" + grant + "'; a grant is one of " + GRANT_NAMES + ".")));
            }
            if (granted.contains(Grant.CANCEL_ANY) && !granted.contains(Grant.SEND)) {
                throw new IllegalArgumentException("Context " + key + " gives " + name + " \"cancelAny\" without"
                        + " \"send\", which DELETE /messages/{messageId} needs.");
            }
            grants.put(name, granted);
        });
        return new Callers(grants);
    }

    /** The role ARNs and the accounts granted {@code grant}. */
    public Set<String> roles(Grant grant) {
        return principals(grant, true);
    }

    public Set<String> accounts(Grant grant) {
        return principals(grant, false);
    }

    /**
     * Whether a caller, named as its request's identity names it (a role session's ARN, say), may call
     * with {@code grant}: its role is listed with it, or its account is.
     */
    public boolean allows(String callerArn, Grant grant) {
        var session = ROLE_SESSION.matcher(callerArn);
        // A session's ARN names its role without the role's path; aws:PrincipalArn has it. Roles are named
        // uniquely within an account whatever their path, so the name decides.
        var role = session.matches() ? session.group(2) + "/" + session.group(3) : withoutPath(callerArn);
        var account = Optional.of(ACCOUNT_OF.matcher(callerArn)).filter(java.util.regex.Matcher::matches)
                .map(matcher -> matcher.group(1));
        return roles(grant).stream().map(Callers::withoutPath).anyMatch(role::equals)
                || account.filter(accounts(grant)::contains).isPresent();
    }

    /** A role ARN as account and name ({@code 111122223333/app}), its path dropped. */
    private static String withoutPath(String roleArn) {
        var role = ROLE_ARN.matcher(roleArn);
        return role.matches() ? role.group(1) + "/" + roleArn.substring(roleArn.lastIndexOf('/') + 1) : roleArn;
    }

    /**
     * A role as {@code kotae:callers} names it: its account and name decide, its path does not. A role's
     * name is unique in its account whatever its path, and a setting may leave the path out (IAM Identity
     * Center's roles live under {@code /aws-reserved/sso.amazonaws.com/…}).
     *
     * @param path as written in the setting: {@code /} when none
     */
    public record Role(String partition, String account, String path, String name) {

        /** The role a principal of {@code kotae:callers} names, if it names a role (and not an account). */
        public static Optional<Role> of(String principal) {
            var parts = ROLE_PARTS.matcher(principal);
            return parts.matches() ? Optional.of(new Role(parts.group(1), parts.group(2), parts.group(3), parts.group(4)))
                    : Optional.empty();
        }

        /**
         * What API Gateway's resource policy matches {@code aws:PrincipalArn} against ({@code ArnLike}): the role
         * by account and name, at its own path or any. A caller's {@code aws:PrincipalArn} is its role's ARN,
         * path included (IAM User Guide, "AWS global condition context keys"), so this matches the role as
         * {@link Callers#allows} does, which sees only the session's ARN, never the path.
         */
        public List<String> principalArnPatterns() {
            var prefix = "arn:" + partition + ":iam::" + account + ":role/";
            return List.of(prefix + name, prefix + "*/" + name);
        }
    }

    private Set<String> principals(Grant grant, boolean roles) {
        var principals = new TreeSet<String>();
        grants.forEach((principal, granted) -> {
            if (granted.contains(grant) && ROLE_ARN.matcher(principal).matches() == roles) {
                principals.add(principal);
            }
        });
        return principals;
    }
}

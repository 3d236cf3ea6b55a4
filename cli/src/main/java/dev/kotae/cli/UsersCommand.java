package dev.kotae.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * {@code kotae users}: the platform engineer invites the people who use the send page, lists them and removes
 * them, in the deployment's user pool (the stack's {@code UserPoolId} output, or {@code --user-pool-id}),
 * signed as the engineer. Self sign-up is off: these calls are the only way in.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Invite, list and remove the people who send from the send page.",
        subcommands = {UsersCommand.Add.class, UsersCommand.List.class, UsersCommand.Remove.class})
final class UsersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Name a users command: add, list, remove.");
    }

    /** What each takes: where the user pool is, and who signs. */
    abstract static class PoolCall implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Option(names = "--user-pool-id", paramLabel = "ID", description = "The user pool (default: the stack's UserPoolId output).")
        String userPoolId;

        /**
         * Runs {@code call} with the pool's client and id and prints what it answers; the service's refusal of
         * this person (already invited, not there) is printed and ends with 1.
         */
        int withPool(BiFunction<CognitoIdentityProviderClient, String, String> call) {
            var output = Output.of(spec);
            var pool = Optional.ofNullable(userPoolId).orElseGet(() -> KotaeApi.stackOutput(api, "UserPoolId"));
            try (var cognito = CognitoIdentityProviderClient.builder()
                    .region(Region.of(KotaeApi.region(api)))
                    .credentialsProvider(KotaeApi.credentials(api.profile()))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                output.line(call.apply(cognito, pool));
                return ExitCode.OK.code;
            } catch (UsernameExistsException | UserNotFoundException | InvalidParameterException refused) {
                output.fail(refused.awsErrorDetails().errorMessage());
                return ExitCode.REFUSED.code;
            } catch (CognitoIdentityProviderException | SdkClientException failed) {
                throw new CliFailure(ExitCode.UNAVAILABLE, "The user pool " + pool + " could not be reached: "
                        + failed.getMessage());
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = {
            "Invite a person: Cognito e-mails them a temporary password, which they change at their first sign-in.",
            "Exit codes: 0 invited, 1 refused (already invited, or a phone number not written +<country code><number>)."})
    static final class Add extends PoolCall {
        @Option(names = "--email", paramLabel = "ADDRESS", required = true, description = "The person's work address.")
        String email;

        @Option(names = "--phone", paramLabel = "E164", description = {"The person's mobile number (+819012345678), where"
                + " Cognito texts their sign-in codes: needed when the deployment's kotae:webMfa is sms, and lets them"
                + " choose codes by text with app-or-sms."})
        String phone;

        @Override
        public Integer call() {
            var attributes = new ArrayList<>(java.util.List.of(AttributeType.builder().name("email").value(email).build(),
                    AttributeType.builder().name("email_verified").value("true").build()));
            if (phone != null) {
                // Given by the administrator who invites the person, so taken as theirs: codes go to it from the first sign-in.
                attributes.add(AttributeType.builder().name("phone_number").value(phone).build());
                attributes.add(AttributeType.builder().name("phone_number_verified").value("true").build());
            }
            return withPool((cognito, pool) -> {
                cognito.adminCreateUser(request -> request.userPoolId(pool).username(email).userAttributes(attributes)
                        .desiredDeliveryMediums(DeliveryMediumType.EMAIL));
                return "Invited " + email + (phone == null ? "" : " with " + phone + " for sign-in codes")
                        + ": Cognito e-mails them a temporary password.";
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List the people invited, with their status.",
            "Exit codes: 0 listed."})
    static final class List extends PoolCall {
        @Override
        public Integer call() {
            return withPool((cognito, pool) -> String.join("\n", cognito.listUsersPaginator(request -> request.userPoolId(pool))
                    .users().stream().map(List::line).toList()));
        }

        private static String line(UserType user) {
            var email = user.attributes().stream().filter(attribute -> attribute.name().equals("email"))
                    .map(AttributeType::value).findFirst().orElse(user.username());
            return email + "  " + user.userStatusAsString() + (Boolean.FALSE.equals(user.enabled()) ? "  disabled" : "");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = {
            "Remove a person: they can no longer sign in; their sends stay recorded.",
            "Exit codes: 0 removed, 1 refused (no such person)."})
    static final class Remove extends PoolCall {
        @Option(names = "--email", paramLabel = "ADDRESS", required = true)
        String email;

        @Override
        public Integer call() {
            return withPool((cognito, pool) -> {
                cognito.adminDeleteUser(request -> request.userPoolId(pool).username(email));
                return "Removed " + email + ".";
            });
        }
    }
}

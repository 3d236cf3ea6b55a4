package dev.kotae.destinations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import dev.kotae.Wiring;
import dev.kotae.aws.ProtectConfigurations;
import dev.kotae.destinations.control.DestinationsRefused;
import dev.kotae.shared.boundary.CustomResources;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The custom resource {@code Custom::KotaeDestinations}: holds the stack's protect configuration to the
 * deployment's countries as End User Messaging knows them. On create and update it reads the rule set
 * the service holds, allows the deployment's countries and blocks every other one, failing the deploy
 * when an allowed country is not one the service sends to; it makes the protect configuration the
 * account's default when asked. On delete it stops it being the default, so that CloudFormation can
 * delete it. Its attribute {@value #PROTECT_CONFIGURATION_ID} is what everything naming the protect
 * configuration takes, so nothing names it before its rules hold.
 *
 * <p>Properties: {@value #PROTECT_CONFIGURATION_ID}, {@value #ALLOWED_COUNTRIES}, {@value #ACCOUNT_DEFAULT}.
 */
public class DestinationsHandler implements RequestHandler<CloudFormationCustomResourceEvent, Void> {

    /** A property, and the attribute (the response's Data) the stack reads: the protect configuration, once its rules hold. */
    public static final String PROTECT_CONFIGURATION_ID = "ProtectConfigurationId";
    /** Comma-separated ISO 3166-1 alpha-2 codes. */
    public static final String ALLOWED_COUNTRIES = "AllowedCountries";
    /** "true" or "false": whether the protect configuration is to be the account's default. */
    public static final String ACCOUNT_DEFAULT = "AccountDefault";
    private static final String ID_PREFIX = "kotae-destinations:";

    private final ProtectConfigurations protectConfigurations;
    private final CustomResources responses = new CustomResources();

    public DestinationsHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public DestinationsHandler(Wiring wiring) {
        this(wiring.protectConfigurations());
    }

    public DestinationsHandler(ProtectConfigurations protectConfigurations) {
        this.protectConfigurations = protectConfigurations;
    }

    @Override
    public Void handleRequest(CloudFormationCustomResourceEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            responses.handle(event, DestinationsRefused.class, () -> {
                var properties = event.getResourceProperties();
                var id = CustomResources.required(properties, PROTECT_CONFIGURATION_ID);
                if (event.getRequestType().equals("Delete")) {
                    protectConfigurations.release(id);
                } else {
                    protectConfigurations.apply(id, countries(CustomResources.required(properties, ALLOWED_COUNTRIES)),
                            Boolean.parseBoolean(CustomResources.required(properties, ACCOUNT_DEFAULT)));
                }
                return new CustomResources.Outcome(ID_PREFIX + id, "OK", Map.of(PROTECT_CONFIGURATION_ID, id));
            });
            return null;
        });
    }

    private static Set<String> countries(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(code -> !code.isEmpty()).collect(Collectors.toSet());
    }
}

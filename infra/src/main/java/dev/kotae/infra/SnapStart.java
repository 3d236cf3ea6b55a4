package dev.kotae.infra;

import dev.kotae.settings.Regions;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.ICfnConditionExpression;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;

import java.util.Map;

/**
 * SnapStart on a function's published versions, in the regions that offer it ({@link Regions}). A
 * stack synthesized for a known region decides now; a region-agnostic template (no region at synth)
 * carries the decision as a condition on {@code AWS::Region}, so it deploys in every region.
 */
final class SnapStart {

    static final String CONDITION_ID = "SnapStartOffered";
    private static final CfnFunction.SnapStartProperty ON_PUBLISHED_VERSIONS =
            CfnFunction.SnapStartProperty.builder().applyOn("PublishedVersions").build();

    private SnapStart() {
    }

    static void enable(Function function) {
        var stack = Stack.of(function);
        var cfnFunction = (CfnFunction) function.getNode().getDefaultChild();
        var region = stack.getRegion();
        if (!Token.isUnresolved(region)) {
            if (Regions.offersSnapStart(region)) {
                cfnFunction.setSnapStart(ON_PUBLISHED_VERSIONS);
            }
            return;
        }
        cfnFunction.setSnapStart(Fn.conditionIf(offered(stack).getLogicalId(), Map.of("ApplyOn", "PublishedVersions"),
                Aws.NO_VALUE));
    }

    private static CfnCondition offered(Stack stack) {
        var existing = stack.getNode().tryFindChild(CONDITION_ID);
        if (existing != null) {
            return (CfnCondition) existing;
        }
        var elsewhere = Regions.WITHOUT_SNAPSTART.stream()
                .map(region -> (ICfnConditionExpression) Fn.conditionEquals(Aws.REGION, region))
                .toArray(ICfnConditionExpression[]::new);
        var condition = CfnCondition.Builder.create(stack, CONDITION_ID)
                .expression(Fn.conditionNot(elsewhere.length == 1 ? elsewhere[0] : Fn.conditionOr(elsewhere)))
                .build();
        condition.overrideLogicalId(CONDITION_ID);
        return condition;
    }
}
